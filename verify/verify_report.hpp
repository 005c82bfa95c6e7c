// The verify report (issue 4): report.md with the configuration, constants and sources of every
// condition, prediction and observation tables, verdicts and SVG figures beside it, and
// verdicts.json. Plain data from run_verify in, documents out (through reports/).
#pragma once
#include <string>

#include "verify/verify_job.hpp"

namespace benign {

void write_verify_report(const VerifyResult& r, const std::string& dir);
// The files the report of `plan` writes whose names depend on the cases (checked before any work).
std::vector<std::string> verify_output_files(const VerifyPlan& plan);
std::string verdicts_json(const VerifyResult& r);
// The one-screen summary printed on stdout.
std::string verify_summary(const VerifyResult& r);

}  // namespace benign
