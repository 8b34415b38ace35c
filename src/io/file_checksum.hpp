#pragma once
// A whole-file checksum for nmsim datasets, kept in the file's HDF5 user block (the first
// 512 bytes, which HDF5 and every HDF5 reader skip). It covers every byte after the user
// block: data, metadata and strings alike, so any flipped byte is found, and it is checked
// before HDF5 parses a byte of the file, so a damaged file is reported, not crashed on.
// A file modified after nmsim wrote it (e.g. attributes added with h5py) no longer matches.
#include <cstdint>
#include <filesystem>
#include <string>

namespace nmsim::io {

inline constexpr std::size_t kUserBlockBytes = 512;

// Computes the checksum of a closed file written with a kUserBlockBytes user block and writes it
// into the block. IoError on failure.
void seal_file(const std::filesystem::path& file);

struct SealCheck {
  enum class Status { verified, absent, mismatch };
  Status status = Status::absent;
  std::uint64_t checksum = 0;  // as recorded, when not absent
  std::string detail;          // why it does not match
};
// Reads the whole file once (bounded memory). `absent`: no nmsim checksum (files written before
// nmsim 0.1 recorded one, or by other programs).
SealCheck check_seal(const std::filesystem::path& file);

std::string checksum_hex(std::uint64_t checksum);

}  // namespace nmsim::io
