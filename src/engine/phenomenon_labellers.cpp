#include "engine/phenomenon_labellers.hpp"

namespace nmsim::engine {

const std::vector<PhenomenonLabeller>& phenomenon_labellers() {
  static const std::vector<PhenomenonLabeller> labellers{
      {"clonus", &label_clonus, nullptr},  // clonus rates its beats itself, against each cycle's troughs
      {"dystonia", &label_dystonia, &rate_dystonia},
      {"myoclonus", &label_myoclonus, &rate_myoclonus},
      {"tremor", &label_tremor, &rate_tremor},
  };
  return labellers;
}

}  // namespace nmsim::engine
