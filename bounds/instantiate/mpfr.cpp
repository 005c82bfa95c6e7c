// bounds/ for benign::mpfr (digits set at run time with set_mpfr_digits).
#include "bounds/instantiate/instantiate_bounds.ipp"
BENIGN_INSTANTIATE_BOUNDS(benign::mpfr)
