// NumPy .npy reader and writer (core/npy.hpp): round trips in float32 and float64, format
// versions 1.0 / 2.0 / 3.0, a byte-exact file as numpy writes it, free-form headers, and the
// negative controls: every malformed file, wrong dtype or Fortran-order file is rejected with a
// ConfigError whose message names the file.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <unistd.h>

#include "../test_support.hpp"
#include "core/errors.hpp"
#include "core/npy.hpp"

using namespace benign;

namespace {

namespace fs = std::filesystem;

// A fresh temporary directory named after this test program.
struct TempDir : test::TempDir {
  TempDir() : test::TempDir("benign_test_npy") {}
};

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

// A .npy file written by hand (not by the code under test): version 1.0, header `dict` padded
// with spaces to `total_header` bytes (0 = no padding) and ended by '\n', then `payload`.
std::string raw_npy(const std::string& dict, const std::string& payload, int major = 1, std::size_t total_header = 0) {
  std::string header = dict;
  if (total_header > header.size() + 1) header.resize(total_header - 1, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(major);
  out += char(0);
  const std::size_t n = header.size();
  out += char(n & 0xFF);
  out += char((n >> 8) & 0xFF);
  if (major >= 2) { out += char((n >> 16) & 0xFF); out += char((n >> 24) & 0xFF); }
  return out + header + payload;
}

// Little-endian bytes of doubles / floats, built by shifting (independent of the host and the code under test).
std::string le_f8(const std::vector<double>& v) {
  std::string s;
  for (double x : v) {
    std::uint64_t u;
    std::memcpy(&u, &x, 8);
    for (int k = 0; k < 8; ++k) s += char((u >> (8 * k)) & 0xFF);
  }
  return s;
}
std::string le_f4(const std::vector<float>& v) {
  std::string s;
  for (float x : v) {
    std::uint32_t u;
    std::memcpy(&u, &x, 4);
    for (int k = 0; k < 4; ++k) s += char((u >> (8 * k)) & 0xFF);
  }
  return s;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

using test::config_error_of;
using test::contains;

}  // namespace

TEST_CASE("npy: float64 round trip keeps every bit, any shape", "[npy]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> specials = {0.0, -0.0, 1.0, -2.5, 0.1, 1e-300, 4.9406564584124654e-324,
                                        std::numeric_limits<double>::max(), -inf, inf,
                                        std::numeric_limits<double>::quiet_NaN(), 3.141592653589793};
  const std::vector<std::vector<long>> shapes = {{}, {1}, {12}, {3, 4}, {2, 3, 2}, {1, 1, 12}, {0}, {3, 0, 2}};
  for (const auto& shape : shapes) {
    long count = 1;
    for (long v : shape) count *= v;
    std::vector<double> data(count);
    for (long k = 0; k < count; ++k) data[k] = specials[k % specials.size()];
    const std::string bytes = npy_encode(shape, data.data(), NpyDtype::F8);
    NpyArray a = parse_npy(bytes, "mem.npy");
    INFO("shape " << npy_shape_text(shape));
    CHECK(a.shape == shape);
    CHECK(a.dtype == NpyDtype::F8);
    CHECK(a.version_major == 1);
    CHECK(a.data_offset % 64 == 0);
    REQUIRE(long(a.data.size()) == count);
    for (long k = 0; k < count; ++k) CHECK(same_bits(a.data[k], data[k]));
  }
}

TEST_CASE("npy: float32 round trip is exact for float values and rounds doubles to nearest", "[npy]") {
  const std::vector<double> data = {0.5, -1.25, double(std::numeric_limits<float>::max()), std::ldexp(1.0, -149) /* float denormal */,
                                   -0.0, 16777216.0};
  TempDir tmp;
  const std::string path = tmp.file("f4.npy");
  write_npy(path, {2, 3}, data, NpyDtype::F4);
  NpyArray a = read_npy(path);
  CHECK(a.dtype == NpyDtype::F4);
  CHECK(a.shape == std::vector<long>{2, 3});
  for (std::size_t k = 0; k < data.size(); ++k) CHECK(same_bits(a.data[k], double(float(data[k]))));
  for (std::size_t k = 0; k < data.size(); ++k) CHECK(a.data[k] == data[k]);  // all representable in float
  // A double that is not a float: stored rounded to nearest, read back as that float exactly.
  write_npy(path, {1}, std::vector<double>{0.1}, NpyDtype::F4);
  a = read_npy(path);
  CHECK(a.data[0] == double(0.1f));
  CHECK(std::filesystem::file_size(path) == 128 + 4);
}

TEST_CASE("npy: format versions 1.0, 2.0 and 3.0 are written and read", "[npy]") {
  const std::vector<double> data = {1, 2, 3, 4, 5, 6};
  for (int version : {1, 2, 3}) {
    for (NpyDtype t : {NpyDtype::F4, NpyDtype::F8}) {
      const std::string bytes = npy_encode({3, 2}, data.data(), t, version);
      CHECK(static_cast<unsigned char>(bytes[6]) == version);
      CHECK(bytes[7] == 0);
      NpyArray a = parse_npy(bytes, "v.npy");
      CHECK(a.version_major == version);
      CHECK(a.version_minor == 0);
      CHECK(a.data_offset % 64 == 0);
      CHECK(a.shape == std::vector<long>{3, 2});
      CHECK(a.data == data);
    }
  }
  // Auto version: 1.0 while the header fits in 65535 bytes.
  CHECK(npy_encode({2}, data.data())[6] == 1);
  // A 2.0 file written by hand (4-byte header length).
  NpyArray b = parse_npy(raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", le_f8({7, 8}), 2), "v2.npy");
  CHECK(b.version_major == 2);
  CHECK(b.data == std::vector<double>{7, 8});
}

TEST_CASE("npy: reads a file byte for byte as numpy 1.26 writes it", "[npy]") {
  // np.save("a.npy", np.array([1.0, -2.5, 3.25])): the header dict, 21 - len("3") = 20 spaces of
  // growth room, padding to a 64-byte boundary (10 + 118 = 128 bytes), '\n', then the data.
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
  const std::string file = raw_npy(dict, le_f8({1.0, -2.5, 3.25}), 1, 118);
  REQUIRE(file.size() == 128 + 24);
  CHECK(file.substr(8, 2) == std::string("\x76\x00", 2));  // header length 118, little-endian
  NpyArray a = parse_npy(file, "numpy.npy");
  CHECK(a.shape == std::vector<long>{3});
  CHECK(a.data == std::vector<double>{1.0, -2.5, 3.25});
  CHECK(a.data_offset == 128);
  // Our writer produces the same dict text and alignment (without numpy's growth spaces).
  const std::vector<double> v{1.0, -2.5, 3.25};
  const std::string ours = npy_encode({3}, v.data());
  CHECK(ours.substr(10, dict.size()) == dict);
  CHECK(ours.size() == 128 + 24);
  CHECK(ours.substr(128) == file.substr(128));
}

TEST_CASE("npy: the header dict is parsed as a Python literal", "[npy]") {
  // Any key order, double quotes, spaces and newlines, trailing commas.
  NpyArray a = parse_npy(raw_npy("{ \"shape\" : ( 2 , 3 , ) ,\n 'fortran_order':False,'descr':'<f4',}",
                                 le_f4({1, 2, 3, 4, 5, 6})),
                         "free.npy");
  CHECK(a.shape == std::vector<long>{2, 3});
  CHECK(a.dtype == NpyDtype::F4);
  CHECK(a.data == std::vector<double>{1, 2, 3, 4, 5, 6});
  // 0-d array: shape (), one element.
  a = parse_npy(raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", le_f8({42.5})), "scalar.npy");
  CHECK(a.shape.empty());
  CHECK(a.size() == 1);
  CHECK(a.data == std::vector<double>{42.5});
  // (5,) with no space, a Python 2 long literal (old numpy), u'' strings, no trailing comma.
  a = parse_npy(raw_npy("{u'descr':u'<f8','fortran_order':False,'shape':(2L,)}", le_f8({1, 2})), "py2.npy");
  CHECK(a.shape == std::vector<long>{2});
  // Header ended by padding with no '\n' before the data is still a valid Python literal.
  std::string nolf = raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le_f8({9}));
  nolf[nolf.size() - 9] = ' ';
  CHECK(parse_npy(nolf, "nolf.npy").data == std::vector<double>{9});
  // Empty arrays.
  a = parse_npy(raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", ""), "empty.npy");
  CHECK(a.size() == 0);
  CHECK(a.shape == std::vector<long>{0, 4});
}

TEST_CASE("npy: wrong dtypes are rejected naming the file, the dtype found and the dtypes accepted", "[npy][negative]") {
  for (const std::string& descr : std::vector<std::string>{"<i8", ">f8", "<f2", "|u1", "<c16", "f8", "<f16"}) {
    const std::string msg = config_error_of([&] {
      parse_npy(raw_npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0')),
                "labels.npy");
    });
    INFO(msg);
    CHECK(contains(msg, "labels.npy"));
    CHECK(contains(msg, "'" + descr + "'"));
    CHECK(contains(msg, "'<f4'"));
    CHECK(contains(msg, "'<f8'"));
  }
  // Structured dtype (a list).
  const std::string msg = config_error_of([&] {
    parse_npy(raw_npy("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                      std::string(12, '\0')),
              "rec.npy");
  });
  CHECK(contains(msg, "rec.npy"));
  CHECK(contains(msg, "structured"));
  CHECK(contains(msg, "'<f8'"));
}

TEST_CASE("npy: Fortran order is rejected with a clear message", "[npy][negative]") {
  TempDir tmp;
  const std::string path = tmp.file("fortran.npy");
  write_bytes(path, raw_npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", le_f8({1, 2, 3, 4})));
  const std::string msg = config_error_of([&] { read_npy(path); });
  INFO(msg);
  CHECK(contains(msg, path));
  CHECK(contains(msg, "Fortran"));
  CHECK(contains(msg, "C order"));
  // The same file with fortran_order False is fine (positive control).
  write_bytes(path, raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", le_f8({1, 2, 3, 4})));
  CHECK(read_npy(path).data == std::vector<double>{1, 2, 3, 4});
}

TEST_CASE("npy: malformed files are rejected naming the file", "[npy][negative]") {
  const std::string good_dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  const std::string good = raw_npy(good_dict, le_f8({1, 2}));
  REQUIRE(parse_npy(good, "good.npy").data == std::vector<double>{1, 2});  // positive control

  struct Case { const char* what; std::string bytes; const char* expect; };
  std::vector<Case> cases = {
      {"empty file", "", "magic"},
      {"not npy", "PK\x03\x04 this is a zip", "magic"},
      {"magic only", "\x93NUMPY", "version"},
      {"truncated header length", good.substr(0, 9), "header length"},
      {"truncated header", good.substr(0, 40), "truncated inside the header"},
      {"truncated data", good.substr(0, good.size() - 1), "truncated"},
      {"trailing bytes", good + "x", "trailing"},
      {"version 4.0", [&] { std::string b = good; b[6] = 4; return b; }(), "version 4.0"},
      {"version 1.1", [&] { std::string b = good; b[7] = 1; return b; }(), "version 1.1"},
      {"missing shape", raw_npy("{'descr': '<f8', 'fortran_order': False}", le_f8({1})), "'shape'"},
      {"missing descr", raw_npy("{'fortran_order': False, 'shape': (1,)}", le_f8({1})), "'descr'"},
      {"missing fortran_order", raw_npy("{'descr': '<f8', 'shape': (1,)}", le_f8({1})), "'fortran_order'"},
      {"extra key", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", le_f8({1})), "'x'"},
      {"shape not a tuple", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", le_f8({1})), "tuple"},
      {"shape a list", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", le_f8({1})), "tuple"},
      {"negative dimension", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", ""), "negative"},
      {"float dimension", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}", le_f8({1})), "integer"},
      {"huge dimension", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", ""), "too large"},
      {"huge product", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", ""), "too large"},
      {"unclosed dict", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", le_f8({1})), "malformed header"},
      {"unterminated string", raw_npy("{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}", le_f8({1})), "malformed header"},
      {"not a dict", raw_npy("['<f8', False, (1,)]", le_f8({1})), "not a dict"},
      {"fortran_order not bool", raw_npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", le_f8({1})), "True or False"},
      {"unknown name", raw_npy("{'descr': '<f8', 'fortran_order': false, 'shape': (1,)}", le_f8({1})), "unknown name 'false'"},
      {"text after dict", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", le_f8({1})), "after the header"},
      {"deep nesting", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': " + std::string(100000, '(') + "}", "", 2), "nested too deeply"},
      {"huge header length", std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12) + "{}", "implausibly large"},
      {"wrong size for shape", raw_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", le_f8({1, 2})), "needs 24 data bytes"},
  };
  for (const auto& cs : cases) {
    const std::string msg = config_error_of([&] { parse_npy(cs.bytes, "bad_file.npy"); });
    INFO(cs.what << ": " << msg);
    CHECK(contains(msg, "bad_file.npy"));
    CHECK(contains(msg, cs.expect));
  }
}

TEST_CASE("npy: file errors name the path — the header can be read without the data", "[npy][negative]") {
  TempDir tmp;
  const std::string missing = tmp.file("nope.npy");
  std::string msg = config_error_of([&] { read_npy(missing); });
  CHECK(contains(msg, missing));
  msg = config_error_of([&] { read_npy_header(missing); });
  CHECK(contains(msg, missing));

  const std::string trunc = tmp.file("trunc.npy");
  const std::vector<double> v{1, 2, 3, 4};
  std::string bytes = npy_encode({4}, v.data());
  write_bytes(trunc, bytes.substr(0, bytes.size() - 3));
  msg = config_error_of([&] { read_npy(trunc); });
  CHECK(contains(msg, trunc));
  CHECK(contains(msg, "truncated"));

  const std::string big = tmp.file("big.npy");
  std::vector<double> w(5 * 7 * 3);
  for (std::size_t k = 0; k < w.size(); ++k) w[k] = double(k) * 0.25 - 3;
  write_npy(big, {5, 7, 3}, w);
  NpyHeader h = read_npy_header(big);
  CHECK(h.shape == std::vector<long>{5, 7, 3});
  CHECK(h.size() == 105);
  std::vector<double> out(105);
  read_npy_data(big, h, out.data());
  CHECK(out == w);

  // A data vector that does not match the shape is refused by the writer.
  msg = config_error_of([&] { write_npy(tmp.file("x.npy"), {2, 2}, std::vector<double>{1, 2, 3}); });
  CHECK(contains(msg, "x.npy"));
  msg = config_error_of([&] { write_npy(tmp.file("no_such_dir/x.npy"), {1}, std::vector<double>{1}); });
  CHECK(contains(msg, "no_such_dir/x.npy"));
}

TEST_CASE("npy: shape text is Python's spelling", "[npy]") {
  CHECK(npy_shape_text({}) == "()");
  CHECK(npy_shape_text({5}) == "(5,)");
  CHECK(npy_shape_text({20, 8, 2000}) == "(20, 8, 2000)");
  CHECK(std::string(npy_dtype_text(NpyDtype::F4)) == "<f4");
}
