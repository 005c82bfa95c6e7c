// bounds/ for benign::float128.
#include "bounds/instantiate/instantiate_bounds.ipp"
BENIGN_INSTANTIATE_BOUNDS(benign::float128)
