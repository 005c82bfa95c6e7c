// Eigen's alignment as the libraries are compiled (with BENIGN_NATIVE's -march=native): printed at
// configure time and passed on to consumers, whose default flags would choose a smaller one.
#include <Eigen/Core>
#include <cstdio>
int main() { std::printf("%d;%d", int(EIGEN_MAX_ALIGN_BYTES), int(EIGEN_MAX_STATIC_ALIGN_BYTES)); }
