// Instantiates the simulator for benign::dd (one precision per translation unit keeps the build parallel).
#include "simulate/gradient_flow.ipp"
#include "simulate/trainer.ipp"
BENIGN_INSTANTIATE_SIMULATE(benign::dd)
template benign::RunResult benign::run_gradient_flow<benign::dd>(const benign::Config&, const benign::Dataset&, const benign::RunOptions&);
template benign::RunResult benign::run_gradient_flow<benign::dd>(const benign::Config&, const benign::Dataset&, const benign::RunOptions&, const benign::FlowControl&);
template class benign::ReducedFlow<benign::dd>;
