#include "core/npy.hpp"
#include "core/text_file.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <utility>

#include "core/errors.hpp"

namespace benign {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;
constexpr std::size_t kAlign = 64;
// Largest data size accepted (bytes); keeps every size computation far from overflow.
constexpr unsigned long long kMaxBytes = 1ULL << 60;
// Largest header accepted (numpy itself refuses headers over 10000 bytes by default); and the
// deepest nesting of brackets in it.
constexpr std::uint64_t kMaxHeader = 1 << 20;
constexpr int kMaxDepth = 32;

std::string quoted(const std::string& name) { return "'" + name + "'"; }

[[noreturn]] void malformed(const std::string& name, const std::string& what) {
  throw ConfigError("file " + quoted(name) + " is not a valid .npy file: " + what);
}

std::string printable(std::string s, std::size_t max_len = 160) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();  // the header's padding
  std::string out;
  for (char ch : s.substr(0, max_len)) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '\n') out += "\\n";
    else if (u < 32 || u == 127) out += '?';
    else out += ch;
  }
  if (s.size() > max_len) out += "...";
  return out;
}

// ---- a Python literal parser, just enough for the header dict ----

struct PyValue {
  enum Kind { Str, Bool, None, Int, Tuple, List, Dict } kind = None;
  std::string str;                                      // Str
  bool b = false;                                       // Bool
  unsigned long long mag = 0;                           // Int: magnitude
  bool neg = false, overflow = false;                   // Int
  std::vector<PyValue> items;                           // Tuple, List
  std::vector<std::pair<PyValue, PyValue>> entries;     // Dict
  std::string raw;                                      // source text of the value
};

class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  PyValue parse_all() {
    skip_ws();
    PyValue v = value();
    skip_ws();
    if (p_ != s_.size()) error("unexpected text after the header dict");
    return v;
  }

 private:
  const std::string& s_;
  const std::string& name_;
  std::size_t p_ = 0;
  int depth_ = 0;

  [[noreturn]] void error(const std::string& what) const {
    malformed(name_, "malformed header (" + what + " at character " + std::to_string(p_) + "): " + printable(s_));
  }
  bool at_end() const { return p_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[p_]; }
  void skip_ws() {
    while (!at_end() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r' || s_[p_] == '\f' ||
                         s_[p_] == '\v'))
      ++p_;
  }
  static bool ident_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  }

  PyValue value() {
    if (++depth_ > kMaxDepth) error("brackets nested too deeply");
    const std::size_t start = p_;
    PyValue v;
    const char ch = peek();
    if (ch == '\'' || ch == '"') v = string_lit();
    else if ((ch == 'u' || ch == 'U' || ch == 'b' || ch == 'B') && p_ + 1 < s_.size() &&
             (s_[p_ + 1] == '\'' || s_[p_ + 1] == '"')) {
      ++p_;
      v = string_lit();
    } else if (ch == '(') v = sequence('(', ')');
    else if (ch == '[') v = sequence('[', ']');
    else if (ch == '{') v = dict();
    else if ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+') v = integer();
    else if (ident_char(ch)) {
      std::size_t b = p_;
      while (!at_end() && ident_char(s_[p_])) ++p_;
      std::string id = s_.substr(b, p_ - b);
      if (id == "True") { v.kind = PyValue::Bool; v.b = true; }
      else if (id == "False") { v.kind = PyValue::Bool; v.b = false; }
      else if (id == "None") v.kind = PyValue::None;
      else { p_ = b; error("unknown name '" + id + "'"); }
    } else if (at_end()) error("unexpected end");
    else error(std::string("unexpected character '") + ch + "'");
    if (v.raw.empty()) v.raw = s_.substr(start, p_ - start);
    --depth_;
    return v;
  }

  PyValue string_lit() {
    const char q = s_[p_++];
    PyValue v;
    v.kind = PyValue::Str;
    while (true) {
      if (at_end()) error("unterminated string");
      char ch = s_[p_++];
      if (ch == q) break;
      if (ch == '\\') {
        if (at_end()) error("unterminated string");
        ch = s_[p_++];
      }
      v.str += ch;
    }
    return v;
  }

  PyValue integer() {
    PyValue v;
    v.kind = PyValue::Int;
    if (peek() == '-' || peek() == '+') { v.neg = peek() == '-'; ++p_; skip_ws(); }
    if (!(peek() >= '0' && peek() <= '9')) error("expected a digit");
    while (peek() >= '0' && peek() <= '9') {
      const unsigned digit = unsigned(s_[p_++] - '0');
      if (v.mag > (std::numeric_limits<unsigned long long>::max() - digit) / 10) v.overflow = true;
      else v.mag = v.mag * 10 + digit;
    }
    if (peek() == 'L' || peek() == 'l') ++p_;  // Python 2 long literal (old numpy)
    if (peek() == '.' || peek() == 'e' || peek() == 'E' || ident_char(peek())) error("expected an integer");
    return v;
  }

  // Tuple or list. Python rules: "()" is the empty tuple, "(x)" is x itself, "(x,)" a 1-tuple.
  PyValue sequence(char open, char close) {
    const std::size_t start = p_;
    ++p_;
    PyValue v;
    v.kind = open == '(' ? PyValue::Tuple : PyValue::List;
    bool trailing_comma = false;
    skip_ws();
    while (peek() != close) {
      if (at_end()) error(std::string("missing '") + close + "'");
      v.items.push_back(value());
      skip_ws();
      trailing_comma = false;
      if (peek() == ',') { ++p_; skip_ws(); trailing_comma = true; }
      else if (peek() != close) error(std::string("expected ',' or '") + close + "'");
    }
    ++p_;
    if (open == '(' && v.items.size() == 1 && !trailing_comma) {
      PyValue inner = v.items[0];
      inner.raw = s_.substr(start, p_ - start);
      return inner;
    }
    return v;
  }

  PyValue dict() {
    ++p_;
    PyValue v;
    v.kind = PyValue::Dict;
    skip_ws();
    while (peek() != '}') {
      if (at_end()) error("missing '}'");
      PyValue k = value();
      skip_ws();
      if (peek() != ':') error("expected ':' after a dict key");
      ++p_;
      skip_ws();
      PyValue val = value();
      v.entries.emplace_back(std::move(k), std::move(val));
      skip_ws();
      if (peek() == ',') { ++p_; skip_ws(); }
      else if (peek() != '}') error("expected ',' or '}'");
    }
    ++p_;
    return v;
  }
};

std::uint64_t load_le(const unsigned char* b, int nbytes) {
  std::uint64_t x = 0;
  for (int k = nbytes - 1; k >= 0; --k) x = (x << 8) | b[k];
  return x;
}

void store_le(std::string& out, std::uint64_t x, int nbytes) {
  for (int k = 0; k < nbytes; ++k) { out += char(x & 0xFF); x >>= 8; }
}

std::size_t itemsize(NpyDtype t) { return t == NpyDtype::F4 ? 4 : 8; }

// Interpret the header dict text (after magic, version and length).
void interpret_header(const std::string& text, const std::string& name, NpyHeader& h) {
  PyValue top = HeaderParser(text, name).parse_all();
  if (top.kind != PyValue::Dict) malformed(name, "the header is not a dict: " + printable(text));
  const PyValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (const auto& [k, v] : top.entries) {
    if (k.kind != PyValue::Str) malformed(name, "header key " + k.raw + " is not a string");
    if (k.str == "descr") descr = &v;
    else if (k.str == "fortran_order") fortran = &v;
    else if (k.str == "shape") shape = &v;
    else malformed(name, "unexpected header key '" + k.str + "' (a .npy header holds exactly 'descr', 'fortran_order' and 'shape')");
  }
  if (!descr) malformed(name, "the header has no 'descr' key (the dtype)");
  if (!fortran) malformed(name, "the header has no 'fortran_order' key");
  if (!shape) malformed(name, "the header has no 'shape' key");

  // dtype
  if (descr->kind == PyValue::Str && descr->str == "<f4") h.dtype = NpyDtype::F4;
  else if (descr->kind == PyValue::Str && descr->str == "<f8") h.dtype = NpyDtype::F8;
  else {
    const std::string found = descr->kind == PyValue::Str ? "'" + descr->str + "'" : "structured " + descr->raw;
    throw ConfigError("file " + quoted(name) + " has dtype " + found +
                      "; accepted dtypes: '<f4' (float32) and '<f8' (float64), little-endian "
                      "(convert with np.save(path, a.astype(np.float64)))");
  }
  // order
  if (fortran->kind != PyValue::Bool) malformed(name, "'fortran_order' must be True or False, found " + fortran->raw);
  if (fortran->b)
    throw ConfigError("file " + quoted(name) +
                      " is stored in Fortran (column-major) order ('fortran_order': True); only C order is accepted "
                      "(save np.ascontiguousarray(a) instead)");
  // shape
  if (shape->kind != PyValue::Tuple) malformed(name, "'shape' must be a tuple such as (5,) or (2, 3), found " + shape->raw);
  h.shape.clear();
  unsigned long long count = 1;
  for (const auto& dim : shape->items) {
    if (dim.kind != PyValue::Int) malformed(name, "'shape' entries must be integers, found " + dim.raw);
    if (dim.neg && dim.mag != 0) malformed(name, "'shape' has a negative dimension " + dim.raw);
    if (dim.overflow || dim.mag > kMaxBytes) malformed(name, "'shape' dimension " + dim.raw + " is too large");
    h.shape.push_back(long(dim.mag));
    if (dim.mag != 0 && count > kMaxBytes / dim.mag) malformed(name, "'shape' " + shape->raw + " is too large");
    count *= dim.mag;
  }
  if (count > kMaxBytes / itemsize(h.dtype)) malformed(name, "'shape' " + shape->raw + " is too large");
}

// Parse magic, version, header length and header from `prefix` (which must hold all of them,
// or be the whole file if shorter). `file_size` checks the data length.
NpyHeader parse_prefix(const std::string& prefix, unsigned long long file_size, const std::string& name) {
  const auto* b = reinterpret_cast<const unsigned char*>(prefix.data());
  if (prefix.size() < kMagicLen || std::memcmp(prefix.data(), kMagic, kMagicLen) != 0)
    malformed(name, "it does not start with the .npy magic string \\x93NUMPY");
  if (prefix.size() < kMagicLen + 2) malformed(name, "the file is truncated inside the version bytes");
  NpyHeader h;
  h.version_major = b[6];
  h.version_minor = b[7];
  if (!(h.version_major >= 1 && h.version_major <= 3 && h.version_minor == 0))
    malformed(name, "format version " + std::to_string(h.version_major) + "." + std::to_string(h.version_minor) +
                        " is not supported (accepted: 1.0, 2.0, 3.0)");
  const int len_bytes = h.version_major == 1 ? 2 : 4;
  const std::size_t pre = kMagicLen + 2 + std::size_t(len_bytes);
  if (prefix.size() < pre) malformed(name, "the file is truncated inside the header length");
  const std::uint64_t hlen = load_le(b + kMagicLen + 2, len_bytes);
  if (hlen > kMaxHeader)
    malformed(name, "the header length " + std::to_string(hlen) + " bytes is implausibly large (limit " +
                        std::to_string(kMaxHeader) + ")");
  if (pre + hlen > file_size || pre + hlen > prefix.size())
    malformed(name, "the file is truncated inside the header (header length " + std::to_string(hlen) + " bytes, file " +
                        std::to_string(file_size) + " bytes)");
  h.data_offset = std::size_t(pre + hlen);
  interpret_header(prefix.substr(pre, std::size_t(hlen)), name, h);
  const unsigned long long want = (unsigned long long)h.size() * itemsize(h.dtype);
  const unsigned long long have = file_size - h.data_offset;
  if (have != want)
    malformed(name, "shape " + npy_shape_text(h.shape) + " of " + npy_dtype_text(h.dtype) + " needs " +
                        std::to_string(want) + " data bytes, the file has " + std::to_string(have) +
                        (have < want ? " (truncated)" : " (trailing bytes)"));
  return h;
}

void decode(const unsigned char* src, std::size_t count, NpyDtype t, double* out) {
  if (t == NpyDtype::F8) {
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint64_t u = load_le(src + 8 * k, 8);
      std::memcpy(out + k, &u, 8);
    }
  } else {
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint32_t u = std::uint32_t(load_le(src + 4 * k, 4));
      float f;
      std::memcpy(&f, &u, 4);
      out[k] = double(f);
    }
  }
}

std::ifstream open_in(const std::string& path) {
  require_regular_file(path, "file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read file " + quoted(path));
  return in;
}

unsigned long long file_size_of(std::ifstream& in, const std::string& path) {
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  if (end < 0) throw ConfigError("cannot read file " + quoted(path));
  in.seekg(0, std::ios::beg);
  return (unsigned long long)end;
}

NpyHeader header_from_stream(std::ifstream& in, const std::string& path, unsigned long long size) {
  // Fixed part first (at most 12 bytes), then the header it announces.
  std::string prefix(std::size_t(std::min<unsigned long long>(size, 12)), '\0');
  in.read(&prefix[0], std::streamsize(prefix.size()));
  if (!in) throw ConfigError("cannot read file " + quoted(path));
  std::size_t need = prefix.size();
  if (prefix.size() >= 8 && std::memcmp(prefix.data(), kMagic, kMagicLen) == 0) {
    const int major = static_cast<unsigned char>(prefix[6]);
    const std::size_t pre = major == 1 ? 10 : 12;
    if (prefix.size() >= pre && major >= 1 && major <= 3) {
      const std::uint64_t hlen = load_le(reinterpret_cast<const unsigned char*>(prefix.data()) + 8, major == 1 ? 2 : 4);
      need = std::size_t(std::min<unsigned long long>({size, pre + hlen, pre + kMaxHeader}));
    }
  }
  if (need > prefix.size()) {
    const std::size_t old = prefix.size();
    prefix.resize(need);
    in.read(&prefix[old], std::streamsize(need - old));
    if (!in) throw ConfigError("cannot read file " + quoted(path));
  }
  return parse_prefix(prefix, size, path);
}

}  // namespace

long NpyHeader::size() const {
  long s = 1;
  for (long v : shape) s *= v;
  return s;
}

std::string npy_shape_text(const std::vector<long>& shape) {
  std::string s = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
  if (shape.size() == 1) s += ",";
  return s + ")";
}

const char* npy_dtype_text(NpyDtype t) { return t == NpyDtype::F4 ? "<f4" : "<f8"; }

NpyHeader read_npy_header(const std::string& path) {
  std::ifstream in = open_in(path);
  const unsigned long long size = file_size_of(in, path);
  return header_from_stream(in, path, size);
}

void read_npy_data(const std::string& path, const NpyHeader& h, double* out) {
  std::ifstream in = open_in(path);
  const unsigned long long size = file_size_of(in, path);
  const std::size_t isz = itemsize(h.dtype);
  const unsigned long long total = (unsigned long long)h.size();
  if (size != h.data_offset + total * isz)
    throw ConfigError("file " + quoted(path) + " changed while it was being read");
  in.seekg(std::streamoff(h.data_offset), std::ios::beg);
  constexpr std::size_t chunk = 1 << 17;  // elements per read
  std::vector<unsigned char> buf(chunk * isz);
  for (unsigned long long done = 0; done < total;) {
    const std::size_t m = std::size_t(std::min<unsigned long long>(chunk, total - done));
    in.read(reinterpret_cast<char*>(buf.data()), std::streamsize(m * isz));
    if (!in) throw ConfigError("cannot read the data of file " + quoted(path) + " (truncated?)");
    decode(buf.data(), m, h.dtype, out + done);
    done += m;
  }
}

NpyArray read_npy(const std::string& path) {
  NpyArray a;
  static_cast<NpyHeader&>(a) = read_npy_header(path);
  a.data.resize(std::size_t(a.size()));
  read_npy_data(path, a, a.data.data());
  return a;
}

NpyArray parse_npy(const std::string& bytes, const std::string& name) {
  NpyArray a;
  static_cast<NpyHeader&>(a) = parse_prefix(bytes, bytes.size(), name);
  a.data.resize(std::size_t(a.size()));
  decode(reinterpret_cast<const unsigned char*>(bytes.data()) + a.data_offset, a.data.size(), a.dtype, a.data.data());
  return a;
}

std::string npy_encode(const std::vector<long>& shape, const double* data, NpyDtype dtype, int version) {
  for (long v : shape)
    if (v < 0) throw ConfigError("npy: negative dimension in shape " + npy_shape_text(shape));
  if (version < 0 || version > 3) throw ConfigError("npy: format version " + std::to_string(version) + " is not supported (1, 2 or 3)");
  std::string dict = std::string("{'descr': '") + npy_dtype_text(dtype) + "', 'fortran_order': False, 'shape': " +
                     npy_shape_text(shape) + ", }";
  auto padded_len = [&](int ver) {
    const std::size_t pre = kMagicLen + 2 + (ver == 1 ? 2 : 4);
    const std::size_t unpadded = pre + dict.size() + 1;  // + '\n'
    return (unpadded + kAlign - 1) / kAlign * kAlign - pre;
  };
  if (version == 0) version = padded_len(1) <= 65535 ? 1 : 2;
  const std::size_t hlen = padded_len(version);
  if (version == 1 && hlen > 65535) throw ConfigError("npy: header too long for format version 1.0");
  std::string out(kMagic, kMagicLen);
  out += char(version);
  out += char(0);
  store_le(out, hlen, version == 1 ? 2 : 4);
  std::string header = dict;
  header.resize(hlen - 1, ' ');
  header += '\n';
  out += header;
  long count = 1;
  for (long v : shape) count *= v;
  out.reserve(out.size() + std::size_t(count) * itemsize(dtype));
  for (long k = 0; k < count; ++k) {
    if (dtype == NpyDtype::F8) {
      std::uint64_t u;
      std::memcpy(&u, data + k, 8);
      store_le(out, u, 8);
    } else {
      const float f = float(data[k]);
      std::uint32_t u;
      std::memcpy(&u, &f, 4);
      store_le(out, u, 4);
    }
  }
  return out;
}

void write_npy(const std::string& path, const std::vector<long>& shape, const double* data, NpyDtype dtype, int version) {
  const std::string bytes = npy_encode(shape, data, dtype, version);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ConfigError("cannot write file " + quoted(path));
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) throw ConfigError("cannot write file " + quoted(path) + " (disk full?)");
}

void write_npy(const std::string& path, const std::vector<long>& shape, const std::vector<double>& data, NpyDtype dtype,
               int version) {
  long count = 1;
  for (long v : shape) count *= v;
  if (long(data.size()) != count)
    throw ConfigError("npy: writing " + quoted(path) + ": shape " + npy_shape_text(shape) + " has " + std::to_string(count) +
                      " elements, the data " + std::to_string(data.size()));
  write_npy(path, shape, data.data(), dtype, version);
}

}  // namespace benign
