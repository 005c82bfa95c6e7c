// NumPy .npy files (format versions 1.0, 2.0 and 3.0): read into double, write from double.
// Accepted dtypes: '<f4' (float32) and '<f8' (float64), little-endian, C order, any shape
// (0-d included). Anything else -- another dtype, 'fortran_order': True, a truncated or
// malformed file -- throws benign::ConfigError with a message that names the file.
//
// Format (numpy.lib.format): magic "\x93NUMPY", major and minor version bytes, header length
// (uint16 little-endian in 1.0, uint32 in 2.0 and 3.0), an ASCII (3.0: UTF-8) Python dict literal
// such as {'descr': '<f8', 'fortran_order': False, 'shape': (20, 8, 2000), } padded with spaces and
// ended by '\n', then the raw array data. The header is parsed as a Python literal: any key
// order, any whitespace, trailing commas, shapes such as (5,) and (); the dict must hold exactly
// the keys descr, fortran_order and shape (as numpy requires). The data must be exactly
// size × itemsize bytes: a truncated file and trailing bytes are both errors.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace benign {

enum class NpyDtype { F4, F8 };  // '<f4', '<f8'

struct NpyHeader {
  NpyDtype dtype = NpyDtype::F8;
  std::vector<long> shape;        // empty = 0-d (a scalar: one element)
  int version_major = 1, version_minor = 0;
  std::size_t data_offset = 0;    // bytes before the array data

  long size() const;              // product of shape (1 for 0-d)
  long ndim() const { return long(shape.size()); }
};

struct NpyArray : NpyHeader {
  std::vector<double> data;       // C order (row-major), converted exactly from the file's dtype
};

// "(20, 8, 2000)", "(5,)", "()": the Python spelling of a shape.
std::string npy_shape_text(const std::vector<long>& shape);
const char* npy_dtype_text(NpyDtype t);  // "<f4" or "<f8"

// Read and check the header of a file (and that the file holds exactly the data it announces),
// without reading the data: lets a caller check shapes before allocating.
NpyHeader read_npy_header(const std::string& path);
// Read the data of a file whose header is h (from read_npy_header) into out[0 .. h.size()).
void read_npy_data(const std::string& path, const NpyHeader& h, double* out);
// Read a whole file. Messages name `path`.
NpyArray read_npy(const std::string& path);
// Parse the bytes of a .npy file held in memory; `name` is used in error messages.
NpyArray parse_npy(const std::string& bytes, const std::string& name);

// Encode an array as .npy bytes: `size` = product of shape values from data (C order).
// `version` 1, 2 or 3; 0 = the smallest that fits the header (1.0 unless the header exceeds
// 65535 bytes, as numpy does). float32 output rounds each double to nearest. The header is padded
// with spaces and '\n' so that the data start on a 64-byte boundary. Throws ConfigError for a
// negative dimension or an unsupported version.
std::string npy_encode(const std::vector<long>& shape, const double* data, NpyDtype dtype = NpyDtype::F8,
                       int version = 0);
// Write a file; throws ConfigError naming the path if it cannot be written.
void write_npy(const std::string& path, const std::vector<long>& shape, const double* data,
               NpyDtype dtype = NpyDtype::F8, int version = 0);
// Same, checking that data.size() equals the product of shape (ConfigError otherwise).
void write_npy(const std::string& path, const std::vector<long>& shape, const std::vector<double>& data,
               NpyDtype dtype = NpyDtype::F8, int version = 0);

}  // namespace benign
