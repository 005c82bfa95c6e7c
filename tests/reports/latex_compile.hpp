// Compiling a LaTeX document with pdflatex from a test (CI installs texlive-latex-recommended).
#pragma once
#include <cstdlib>
#include <fstream>
#include <string>

#include "tests/test_support.hpp"

namespace benign::test {

inline bool pdflatex_available() { return std::system("command -v pdflatex >/dev/null 2>&1") == 0; }

// True if pdflatex turns `document` into a PDF without error (batch mode, halting on the first error).
inline bool pdflatex_compiles(const std::string& document) {
  TempDir dir("benign_latex");
  if (std::getenv("BENIGN_KEEP_TEX")) std::ofstream(std::string(std::getenv("BENIGN_KEEP_TEX"))) << document;
  {
    std::ofstream f(dir.file("doc.tex"));
    f << document;
  }
  const std::string cmd = "cd '" + dir.dir() + "' && pdflatex -interaction=nonstopmode -halt-on-error -no-shell-escape doc.tex >doc.out 2>&1";
  const bool ok = std::system(cmd.c_str()) == 0;
  std::ifstream pdf(dir.file("doc.pdf"));
  return ok && pdf.good();
}

}  // namespace benign::test
