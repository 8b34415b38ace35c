#pragma once
// What the readers of a scenario's generators (myoclonus:, tremor:) share: naming muscles, a
// muscle list or share map, the `enabled` switch dataset classes set, and the cited presets
// file each generator kind takes its defaults from (models/myoclonus_origins.yaml,
// models/tremor_kinds.yaml).
#include <filesystem>
#include <string>
#include <vector>

#include "scenario/config_reader.hpp"

namespace nmsim::scenario {

// The model index of muscle `name`; InputError at `where` listing the model's muscles.
std::size_t muscle_index(const config::Node& where, const std::string& name, const std::vector<std::string>& names);

// `muscles:` as a list (each muscle weight 1, `weights` left empty) or a map of muscle to its
// share in [0, 2]; `what` says what the share is of ("the volley", "the tremor drive").
void read_muscle_shares(const config::Node& n, const std::vector<std::string>& names, const std::string& what,
                        std::vector<std::size_t>& muscles, std::vector<double>& weights);

// true / false, or 1 / 0 (dataset classes set numbers); `fallback` if the key is absent.
bool read_switch(const config::Node& n, const std::string& key, bool fallback);

// A preset's value node, after checking that it is {value, unit, source[, note]} with the
// expected unit and a non-empty source: the presets files exist to cite these numbers.
config::Node cited(const config::Node& preset, const std::string& key, const std::string& unit);

// Where a presets file is looked for: the model's own folder, then `search_path` (the model
// search path); InputError at `where` naming the folders looked in if it is in none.
std::filesystem::path find_presets_file(const config::Node& where, const std::string& file_name,
                                        const std::string& what, const std::filesystem::path& model_file,
                                        const std::vector<std::filesystem::path>& search_path);

}  // namespace nmsim::scenario
