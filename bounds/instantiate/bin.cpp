// bounds/ for benign::bin50 and benign::bin100.
#include "bounds/instantiate/instantiate_bounds.ipp"
BENIGN_INSTANTIATE_BOUNDS(benign::bin50)
BENIGN_INSTANTIATE_BOUNDS(benign::bin100)
