// Vector and matrix types of the working precision T.
#pragma once
#include <Eigen/Dense>

#include "core/precision.hpp"

namespace benign {

template <class T> using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

}  // namespace benign
