// bounds/ for benign::dd.
#include "bounds/instantiate/instantiate_bounds.ipp"
BENIGN_INSTANTIATE_BOUNDS(benign::dd)
