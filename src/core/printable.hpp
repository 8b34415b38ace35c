#pragma once
// Text from users and files is printed and stored safely: names may hold any bytes, but a
// terminal must not receive control sequences and HDF5 strings are declared UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

namespace nmsim {

// Length of the longest prefix of `text` that is valid UTF-8 (== text.size() if all of it is):
// no overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t valid_utf8_prefix(std::string_view text);

// `text` for a terminal: control characters (C0 except newline, DEL, C1) and bytes that are not
// valid UTF-8 become \xNN (\n stays, as messages may span lines); everything else is kept.
std::string printable(std::string_view text);

// `text` as valid UTF-8: bytes that are not become \xNN. For text stored in the file that need
// not be kept byte for byte (command lines, paths).
std::string utf8_or_escaped(std::string_view text);

}  // namespace nmsim
