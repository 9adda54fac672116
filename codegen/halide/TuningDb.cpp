//===- TuningDb.cpp - the kernel tuning database --------------------------===//
//
// JSON (de)serialization and lookup. The format is docs/tuning-db.md; every
// field read here is checked for its type, and a bad entry is skipped with a
// warning naming it, never a crash.
//
//===----------------------------------------------------------------------===//
#include "codegen/halide/TuningDb.h"
#include "codegen/halide/KernelsInternal.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#ifndef ASRC_VERSION
#define ASRC_VERSION "unknown"
#endif

namespace asr::kernels {

using json = nlohmann::json;

const char *asrcVersion() { return ASRC_VERSION; }

std::string dimBucket(int64_t d) {
  int64_t p = 1;
  while (p < d)
    p *= 2;
  return "<=" + std::to_string(p);
}

namespace {

const char *kFormat = "asrc-tuning-db";

/// Written in this key order (ordered_json), so the file reads top-down.
nlohmann::ordered_json entryToJson(const TuningEntry &e) {
  nlohmann::ordered_json pop = nlohmann::ordered_json::array();
  for (const TunedSchedule &s : e.population)
    pop.push_back({{"knobs", s.knobs}, {"time_ms", s.timeMs}});
  return {{"key", e.key},
          {"shape_class", e.shapeClass},
          {"target", e.target},
          {"kind", e.kind},
          {"knobs", e.knobs},
          {"time_ms", e.timeMs},
          {"default_time_ms", e.defaultTimeMs},
          {"speedup", e.timeMs > 0 ? e.defaultTimeMs / e.timeMs : 0.0},
          {"gflops", e.gflops},
          {"shapes", e.shapes},
          {"threads", e.threads},
          {"trials", e.trials},
          {"seed", e.seed},
          {"search_seconds", e.searchSeconds},
          {"machine", e.machine},
          {"asrc_version", e.asrcVersion},
          {"date", e.date},
          {"population", pop}};
}

/// Reads `j` into `e`; on a missing or mistyped field returns false with
/// `why` naming the field.
bool entryFromJson(const json &j, TuningEntry &e, std::string &why) {
  auto bad = [&](const std::string &what) {
    why = what;
    return false;
  };
  auto str = [&](const char *name, std::string &out, bool required) {
    auto it = j.find(name);
    if (it == j.end())
      return !required || bad(std::string("no \"") + name + "\"");
    if (!it->is_string())
      return bad(std::string("\"") + name + "\" is not a string");
    out = it->get<std::string>();
    return true;
  };
  auto num = [&](const char *name, double &out) {
    auto it = j.find(name);
    if (it == j.end())
      return true;
    if (!it->is_number())
      return bad(std::string("\"") + name + "\" is not a number");
    out = it->get<double>();
    return true;
  };
  auto knobs = [&](const json &k, std::map<std::string, int64_t> &out, const char *where) {
    if (!k.is_object())
      return bad(std::string("\"") + where + "\" is not an object");
    for (auto it = k.begin(); it != k.end(); ++it) {
      if (!it->is_number_integer())
        return bad(std::string("\"") + where + "\": knob '" + it.key() +
                   "' is not an integer");
      out[it.key()] = it->get<int64_t>();
    }
    return true;
  };
  if (!j.is_object())
    return bad("not an object");
  if (!str("key", e.key, true) || !str("target", e.target, true) ||
      !str("shape_class", e.shapeClass, false) || !str("kind", e.kind, false) ||
      !str("machine", e.machine, false) || !str("asrc_version", e.asrcVersion, false) ||
      !str("date", e.date, false))
    return false;
  if (!j.contains("knobs"))
    return bad("no \"knobs\"");
  if (!knobs(j["knobs"], e.knobs, "knobs"))
    return false;
  double threads = 1, trials = 0, seed = 0;
  if (!num("time_ms", e.timeMs) || !num("default_time_ms", e.defaultTimeMs) ||
      !num("gflops", e.gflops) || !num("threads", threads) || !num("trials", trials) ||
      !num("seed", seed) || !num("search_seconds", e.searchSeconds))
    return false;
  e.threads = static_cast<int>(threads);
  e.trials = static_cast<int64_t>(trials);
  e.seed = static_cast<uint64_t>(seed);
  if (auto it = j.find("shapes"); it != j.end()) {
    bool ok = it->is_array();
    for (const json &s : ok ? *it : json::array()) {
      ok = ok && s.is_array();
      std::vector<int64_t> dims;
      for (const json &d : ok ? s : json::array()) {
        ok = ok && d.is_number_integer();
        if (ok)
          dims.push_back(d.get<int64_t>());
      }
      e.shapes.push_back(dims);
    }
    if (!ok)
      return bad("\"shapes\" is not a list of integer lists");
  }
  if (auto it = j.find("population"); it != j.end()) {
    if (!it->is_array())
      return bad("\"population\" is not a list");
    for (const json &p : *it) {
      TunedSchedule s;
      if (!p.is_object() || !p.contains("knobs"))
        return bad("a \"population\" item has no knobs");
      if (!knobs(p["knobs"], s.knobs, "population.knobs"))
        return false;
      if (auto t = p.find("time_ms"); t != p.end() && t->is_number())
        s.timeMs = t->get<double>();
      e.population.push_back(std::move(s));
    }
  }
  return true;
}

} // namespace

std::string shapeClassKey(const KernelDesc &desc) {
  return describeDesc(desc, dimBucket, /*withFloats=*/false);
}

bool TuningDb::load(const std::string &path, std::string &warning) {
  entries_.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return true; // a new database
  std::stringstream text;
  text << in.rdbuf();
  json root = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    warning = path + ": not valid JSON (a truncated or corrupt tuning database?)";
    return false;
  }
  auto format = root.is_object() ? root.find("format") : root.end();
  if (!root.is_object() || format == root.end() || !format->is_string() ||
      format->get<std::string>() != kFormat) {
    warning = path + ": not an asrc tuning database (expected \"format\": \"" +
              std::string(kFormat) + "\")";
    return false;
  }
  auto version = root.find("version");
  if (version == root.end() || !version->is_number_integer() ||
      version->get<int64_t>() != kTuningDbVersion) {
    warning = path + ": tuning database version " +
              (version == root.end() ? std::string("(none)") : version->dump()) +
              ", this asrc reads version " + std::to_string(kTuningDbVersion) +
              " (re-run asr-tune)";
    return false;
  }
  auto list = root.find("entries");
  if (list == root.end() || !list->is_array()) {
    warning = path + ": \"entries\" is missing or not a list";
    return false;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    TuningEntry e;
    std::string why;
    if (!entryFromJson((*list)[i], e, why)) {
      warning += (warning.empty() ? "" : "\n") + path + ": entries[" + std::to_string(i) +
                 "]: " + why + " (entry skipped)";
      continue;
    }
    put(e);
  }
  return true;
}

bool TuningDb::save(const std::string &path, std::string &error) const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const TuningEntry &e : entries_)
    list.push_back(entryToJson(e));
  nlohmann::ordered_json root = {
      {"format", kFormat}, {"version", kTuningDbVersion}, {"entries", list}};
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write '" + tmp + "'";
      return false;
    }
    out << root.dump(1) << "\n";
    if (!out.flush()) {
      error = "cannot write '" + tmp + "'";
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename '" + tmp + "' to '" + path + "'";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

const TuningEntry *TuningDb::find(const std::string &key, const std::string &target) const {
  for (const TuningEntry &e : entries_)
    if (e.key == key && e.target == target)
      return &e;
  return nullptr;
}

const TuningEntry *TuningDb::lookup(const KernelDesc &desc, const std::string &target,
                                    TuningMatch *how) const {
  if (const TuningEntry *e = find(desc.key(), target)) {
    if (how)
      *how = TuningMatch::Exact;
    return e;
  }
  std::string shape = shapeClassKey(desc);
  for (const TuningEntry &e : entries_)
    if (e.shapeClass == shape && e.target == target) {
      if (how)
        *how = TuningMatch::ShapeClass;
      return &e;
    }
  if (how)
    *how = TuningMatch::None;
  return nullptr;
}

void TuningDb::put(const TuningEntry &entry) {
  for (TuningEntry &e : entries_)
    if (e.key == entry.key && e.target == entry.target) {
      e = entry;
      return;
    }
  entries_.push_back(entry);
}

} // namespace asr::kernels
