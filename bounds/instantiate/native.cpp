// bounds/ for float, double and long double (a few precisions per translation unit keeps the build short).
#include "bounds/instantiate/instantiate_bounds.ipp"
BENIGN_INSTANTIATE_BOUNDS(float)
BENIGN_INSTANTIATE_BOUNDS(double)
BENIGN_INSTANTIATE_BOUNDS(long double)
