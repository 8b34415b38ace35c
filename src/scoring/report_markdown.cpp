#include "scoring/report_markdown.hpp"

#include <cmath>
#include <cstdio>

namespace nmsim::scoring {

namespace {

double num(const Json* j, const std::string& path) {
  const Json* v = j != nullptr ? j->find_path(path) : nullptr;
  return v != nullptr ? v->number() : NAN;
}

std::string fmt(double x, const char* f = "%.3f") {
  if (std::isnan(x)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}
std::string count(double x) { return fmt(x, "%.0f"); }
std::string ms(double s) { return fmt(s * 1000.0, "%.0f"); }

std::string text(const Json* j) { return j != nullptr && j->is_string() ? j->string() : ""; }

void image(std::string& out, const std::map<std::string, std::string>& images, const std::string& key,
           const std::string& alt) {
  if (auto it = images.find(key); it != images.end()) out += "\n![" + alt + "](" + it->second + ")\n";
}

const char* kStratumHeader =
    "| stratum | trials | reference | detections | precision | recall | F1 | false alarms/min | sample F1 | "
    "trial sensitivity | trial specificity |\n|---|---|---|---|---|---|---|---|---|---|---|\n";

std::string stratum_row(const std::string& name, const Json& t) {
  return "| " + name + " | " + count(num(&t, "trials")) + " | " + count(num(&t, "reference_events")) + " | " +
         count(num(&t, "detections")) + " | " + fmt(num(&t, "precision")) + " | " + fmt(num(&t, "recall")) + " | " +
         fmt(num(&t, "f1")) + " | " + fmt(num(&t, "false_alarms_per_minute"), "%.2f") + " | " +
         fmt(num(&t, "samples.f1")) + " | " + fmt(num(&t, "trial_level.sensitivity")) + " | " +
         fmt(num(&t, "trial_level.specificity")) + " |\n";
}

}  // namespace

std::string report_markdown(const Json& r, const std::map<std::string, std::string>& images) {
  std::string out = "# Score report";
  if (const std::string d = text(r.find("detector")); !d.empty()) out += ": " + d;
  out += "\n\n";
  out += "- dataset: `" + text(r.find("dataset")) + "`\n";
  out += "- detections: `" + text(r.find("detections")) + "`\n";
  if (const std::string s = text(r.find("split")); !s.empty()) out += "- split: `" + s + "` only\n";
  if (const Json* w = r.find("where"); w != nullptr && w->is_array())
    for (const Json& c : w->items()) out += "- only trials where `" + c.string() + "`\n";
  out += "- trials scored: " + count(num(&r, "trials_scored")) + " (" + fmt(num(&r, "minutes_scored"), "%.1f") +
         " min of recording)\n";
  if (const Json* w = r.find("warnings"); w != nullptr && w->is_array())
    for (const Json& s : w->items()) out += "- **warning:** " + s.string() + "\n";
  out += "\nConventions (docs/scoring.md): events are matched one-to-one within an onset collar and an offset "
         "tolerance of max(collar, fraction × reference length); false alarms are unmatched detections per minute; "
         "error classes after Ward, Lukowicz & Gellersen (2011) from any overlap; sample figures on each trial's "
         "label grid; a trial is positive when it holds at least one reference event.\n\n";

  const Json* labels = r.find("labels");
  if (labels == nullptr || !labels->is_object()) return out;
  out += "## Summary\n\n| label | truth | reference | detections | precision | recall | F1 | false alarms/min | "
         "median onset error (ms) | sample F1 | sample MCC | event AP | sample AUROC |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& [name, L] : labels->members()) {
    const Json* o = L.find("overall");
    out += "| `" + name + "` | " + text(L.find("truth")) + " | " + count(num(o, "reference_events")) + " | " +
           count(num(o, "detections")) + " | " + fmt(num(o, "precision")) + " | " + fmt(num(o, "recall")) + " | " +
           fmt(num(o, "f1")) + " | " + fmt(num(o, "false_alarms_per_minute"), "%.2f") + " | " +
           ms(num(&L, "latency_s.onset.quantiles.median")) + " | " + fmt(num(o, "samples.f1")) + " | " +
           fmt(num(o, "samples.mcc")) + " | " + fmt(num(o, "event_average_precision")) + " | " +
           fmt(num(&L, "curves.samples.auroc")) + " |\n";
  }

  for (const auto& [name, L] : labels->members()) {
    const Json* o = L.find("overall");
    out += "\n## `" + name + "`\n\n";
    out += "Truth: " + text(L.find("truth")) + ". Onset collar " + ms(num(&L, "collars.onset_s")) +
           " ms; offset tolerance max(" + ms(num(&L, "collars.offset_s")) + " ms, " +
           fmt(num(&L, "collars.offset_fraction") * 100.0, "%.0f") + " % of the reference length).\n";

    out += "\n### Error classes\n\n| reference events | correct | deleted | fragmented | merged | fragmented and merged |\n"
           "|---|---|---|---|---|---|\n| " + count(num(o, "reference_events")) + " | " +
           count(num(o, "error_classes.reference.correct")) + " | " + count(num(o, "error_classes.reference.deleted")) +
           " | " + count(num(o, "error_classes.reference.fragmented")) + " | " +
           count(num(o, "error_classes.reference.merged")) + " | " +
           count(num(o, "error_classes.reference.fragmented_and_merged")) + " |\n\n"
           "| detections | correct | inserted | fragmenting | merging | fragmenting and merging |\n"
           "|---|---|---|---|---|---|\n| " + count(num(o, "detections")) + " | " +
           count(num(o, "error_classes.detections.correct")) + " | " + count(num(o, "error_classes.detections.inserted")) +
           " | " + count(num(o, "error_classes.detections.fragmenting")) + " | " +
           count(num(o, "error_classes.detections.merging")) + " | " +
           count(num(o, "error_classes.detections.fragmenting_and_merging")) + " |\n";
    image(out, images, name + "/classes", "error classes of " + name);

    out += "\n### Timing of matched events\n\n| | n | median (ms) | 5th–95th percentile (ms) |\n|---|---|---|---|\n";
    for (const char* which : {"onset", "offset"}) {
      const std::string p = std::string("latency_s.") + which;
      out += std::string("| ") + which + " | " + count(num(&L, p + ".n")) + " | " + ms(num(&L, p + ".quantiles.median")) +
             " | " + ms(num(&L, p + ".quantiles.p05")) + " to " + ms(num(&L, p + ".quantiles.p95")) + " |\n";
    }
    image(out, images, name + "/latency", "latency histogram of " + name);

    if (const Json* e = L.find("value_errors"); e != nullptr && !e->members().empty()) {
      out += "\n### Agreement of matched events (detected − reference)\n\n| value | n | bias | MAE | RMSE | "
             "Pearson r | ICC(A,1) |\n|---|---|---|---|---|---|---|\n";
      for (const auto& [col, v] : e->members())
        out += "| " + col + " | " + count(num(&v, "n")) + " | " + fmt(num(&v, "bias"), "%.4f") + " | " +
               fmt(num(&v, "mae"), "%.4f") + " | " + fmt(num(&v, "rmse"), "%.4f") + " | " + fmt(num(&v, "pearson_r")) +
               " | " + fmt(num(&v, "icc_a1")) + " |\n";
    }

    out += "\n### Per channel\n\n| channel | reference | detections | precision | recall | sample precision | "
           "sample recall | sample F1 | sample MCC |\n|---|---|---|---|---|---|---|---|---|\n";
    if (const Json* pc = L.find("per_channel"))
      for (const auto& [ch, c] : pc->members())
        out += "| " + ch + " | " + count(num(&c, "reference_events")) + " | " + count(num(&c, "detections")) + " | " +
               fmt(num(&c, "precision")) + " | " + fmt(num(&c, "recall")) + " | " + fmt(num(&c, "samples.precision")) +
               " | " + fmt(num(&c, "samples.recall")) + " | " + fmt(num(&c, "samples.f1")) + " | " +
               fmt(num(&c, "samples.mcc")) + " |\n";

    out += "\n### Trials\n\n" + count(num(o, "trial_level.tp") + num(o, "trial_level.fn")) + " of " +
           count(num(o, "trials")) + " trials hold a reference event. Trial-level sensitivity " +
           fmt(num(o, "trial_level.sensitivity")) + ", specificity " + fmt(num(o, "trial_level.specificity")) +
           ", balanced accuracy " + fmt(num(o, "trial_level.balanced_accuracy"));
    if (!std::isnan(num(&L, "curves.trials.auroc"))) out += ", AUROC from the largest score " + fmt(num(&L, "curves.trials.auroc"));
    out += ".\n";
    if (L.find("curves") != nullptr) {
      out += "\nWith scores: event-level average precision " + fmt(num(&L, "curves.event.average_precision")) +
             "; sample-level AUROC " + fmt(num(&L, "curves.samples.auroc")) + ", average precision " +
             fmt(num(&L, "curves.samples.average_precision")) + ".\n";
      image(out, images, name + "/pr", "precision-recall curves of " + name);
    }

    if (const Json* st = L.find("strata"); st != nullptr && !st->items().empty()) {
      out += "\n### Strata of trials\n";
      image(out, images, name + "/strata", "metrics by stratum for " + name);
      for (const Json& s : st->items()) {
        out += "\nBy `" + text(s.find("column")) + "`:\n\n" + kStratumHeader;
        for (const Json& b : s.find("strata")->items()) out += stratum_row(text(b.find("stratum")), b);
      }
    }
    if (const Json* es = L.find("event_strata"); es != nullptr && !es->items().empty()) {
      out += "\n### Strata of reference events\n\n| column | stratum | reference | matched | recall | mean onset "
             "error (ms) |\n|---|---|---|---|---|---|\n";
      for (const Json& s : es->items())
        for (const Json& b : s.find("strata")->items())
          out += "| " + text(s.find("column")) + " | " + text(b.find("stratum")) + " | " +
                 count(num(&b, "reference_events")) + " | " + count(num(&b, "matched")) + " | " +
                 fmt(num(&b, "recall")) + " | " + ms(num(&b, "onset_latency_mean_s")) + " |\n";
    }
  }
  return out;
}

}  // namespace nmsim::scoring
