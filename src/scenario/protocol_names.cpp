#include "scenario/protocol_names.hpp"

#include <algorithm>
#include <string>

namespace nmsim::scenario {

void check_task_name(const config::Node& name, const std::vector<physiology::Phase>& protocol) {
  const std::string task = name.as_string();
  std::vector<std::string> known;
  for (const auto& ph : protocol)
    if (std::find(known.begin(), known.end(), ph.task) == known.end()) known.push_back(ph.task);
  if (std::find(known.begin(), known.end(), task) != known.end()) return;
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  name.fail("no protocol phase has the task '" + task + "' (a phase's task is its `task:`, or else its name; the " +
            "protocol has: " + list + ")");
}

}  // namespace nmsim::scenario
