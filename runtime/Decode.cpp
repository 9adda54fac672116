//===- Decode.cpp - entry points by name, greedy / beam / CTC decoding ----===//
//
// asrc_model_call runs an entry point from the table the generated
// <model>_create registers; asrc_decode runs the spec's decoding recipe over
// it; asrc_ctc_decode decodes CTC log-probabilities. The algorithms, exactly
// (tests re-implement them in PyTorch/numpy and compare token sequences):
//
// Attention decoding, per utterance, K = beam_width, N = B * K step rows
// (rows b*K .. b*K+K-1 belong to utterance b; rows of finished utterances
// and of missing beams still run, with the end token, and are ignored):
//  * the start tokens are fed one per step at positions 0 .. P-1, the first
//    generated token is chosen from the step that fed the last of them;
//  * each step, every live beam i (score s_i, summed log-probabilities in
//    float64) proposes s_i + log p(v) for every token v (log_softmax of the
//    step's scores in float64 when they are logits); the 2K best proposals,
//    by score and then by (i, v) ascending, are taken in that order: an end
//    token among the first K finishes its hypothesis (normalized score
//    s / L^length_penalty, L generated tokens with the end), any other
//    token extends a new live beam until K are live;
//  * the utterance is done when K hypotheses finished, or no beam is live,
//    or max_length tokens were generated (live beams then finish
//    unfinished, normalized the same way);
//  * hypotheses are ranked by normalized score (ties: the one finished
//    first); state rows follow their beam's parent row.
// With K = 1 this is greedy decoding: the argmax token (lowest id on ties)
// until the end token or max_length.
//
// CTC greedy: per frame t < length the argmax token (lowest id on ties),
// repeats merged, blanks dropped; score = sum of those log-probabilities.
// CTC prefix beam search (Hannun et al. 2014) in float64 with
// log-sum-exp: prefixes keep (p_blank, p_nonblank); after each frame the
// K best prefixes by logsumexp(p_b, p_nb) survive (ties: shorter, then
// smaller token ids first); the result is ranked the same way.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace asrc_rt;

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// A tensor the runtime allocated (or an empty one), freed on destruction.
struct Owned {
  asrc_tensor t{};
  Owned() = default;
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  Owned(Owned &&o) noexcept : t(o.t) { o.t = asrc_tensor{}; }
  Owned &operator=(Owned &&o) noexcept {
    if (this != &o) {
      asrc_tensor_free(&t);
      t = o.t;
      o.t = asrc_tensor{};
    }
    return *this;
  }
  ~Owned() { asrc_tensor_free(&t); }
};

const asrc_rt_entry *findEntry(const asrc_model *m, const char *name) {
  for (size_t i = 0; i < m->numEntries; ++i)
    if (std::strcmp(m->entries[i].name, name) == 0)
      return &m->entries[i];
  return nullptr;
}

/// Runs `e` with inputs looked up by name; its outputs are allocated by the
/// entry point and returned by name.
asrc_error *callNamed(asrc_model *m, const asrc_rt_entry *e,
                      const std::map<std::string, const asrc_tensor *> &inputs,
                      std::map<std::string, Owned> &outputs) {
  std::vector<const asrc_tensor *> in(e->num_inputs);
  for (int32_t i = 0; i < e->num_inputs; ++i) {
    auto it = inputs.find(e->inputs[i].name);
    if (it == inputs.end())
      return asrc_rt_error(ASRC_INTERNAL,
                           "decoding: nothing provides input '%s' of entry point '%s'",
                           e->inputs[i].name, e->name);
    in[i] = it->second;
  }
  std::vector<Owned> out(e->num_outputs);
  std::vector<asrc_tensor *> outPtrs(e->num_outputs);
  for (int32_t i = 0; i < e->num_outputs; ++i)
    outPtrs[i] = &out[i].t;
  if (asrc_error *err = e->fn(m, in.data(), outPtrs.data()))
    return err;
  outputs.clear();
  for (int32_t i = 0; i < e->num_outputs; ++i)
    outputs[e->outputs[i].name] = std::move(out[i]);
  return nullptr;
}

int64_t rowElements(const asrc_tensor &t) {
  int64_t n = 1;
  for (int32_t i = 1; i < t.rank; ++i)
    n *= t.shape[i];
  return n;
}

/// A dense copy of `src` whose row r (dim 0) is src's row rows[r].
asrc_error *gatherRows(const asrc_tensor &src, const std::vector<int64_t> &rows, Owned &dst) {
  if (src.rank < 1)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: a state or encoder output has rank 0");
  int64_t shape[ASRC_MAX_RANK];
  std::memcpy(shape, src.shape, sizeof(shape));
  shape[0] = int64_t(rows.size());
  Owned out;
  if (asrc_error *err = asrc_tensor_alloc(src.dtype, src.rank, shape, &out.t))
    return err;
  size_t rowBytes = size_t(rowElements(src)) * dtypeSize(rawDType(src.dtype));
  std::vector<char> dense;
  const char *base = static_cast<const char *>(src.data);
  if (!asrc_rt_tensor_is_dense(&src)) {
    dense.resize(size_t(asrc_rt_tensor_elements(&src)) * dtypeSize(rawDType(src.dtype)));
    asrc_rt_copy_to_dense(&src, dense.data());
    base = dense.data();
  }
  for (size_t r = 0; r < rows.size(); ++r)
    if (rowBytes)
      std::memcpy(static_cast<char *>(out.t.data) + r * rowBytes, base + size_t(rows[r]) * rowBytes,
                  rowBytes);
  dst = std::move(out);
  return nullptr;
}

/// log_softmax of `n` floats into float64.
void logSoftmax(const float *x, int64_t n, double *out) {
  double m = kNegInf;
  for (int64_t i = 0; i < n; ++i)
    m = std::max(m, double(x[i]));
  double s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += std::exp(double(x[i]) - m);
  double lse = m + std::log(s);
  for (int64_t i = 0; i < n; ++i)
    out[i] = double(x[i]) - lse;
}

struct Hyp {
  std::vector<int32_t> tokens;
  double score = 0, normalized = 0;
  bool finished = false;
};

double normalize(double score, size_t length, float penalty) {
  return penalty == 0.f || length == 0 ? score : score / std::pow(double(length), double(penalty));
}

asrc_error *fillTranscripts(std::vector<std::vector<Hyp>> &perUtt, int32_t nbest,
                            asrc_transcripts *out) {
  int32_t batch = int32_t(perUtt.size());
  auto *hyps = static_cast<asrc_hypothesis *>(
      std::calloc(size_t(std::max(1, batch * nbest)), sizeof(asrc_hypothesis)));
  if (!hyps)
    return asrc_rt_error(ASRC_OUT_OF_MEMORY, "decoding: out of memory");
  out->batch = batch;
  out->nbest = nbest;
  out->hyps = hyps;
  for (int32_t b = 0; b < batch; ++b) {
    std::vector<Hyp> &h = perUtt[b];
    std::stable_sort(h.begin(), h.end(),
                     [](const Hyp &x, const Hyp &y) { return x.normalized > y.normalized; });
    for (int32_t i = 0; i < nbest; ++i) {
      asrc_hypothesis &o = hyps[b * nbest + i];
      if (size_t(i) >= h.size()) {
        o.score = o.normalized = -std::numeric_limits<float>::infinity();
        continue;
      }
      o.length = int32_t(h[i].tokens.size());
      o.score = float(h[i].score);
      o.normalized = float(h[i].normalized);
      o.finished = h[i].finished;
      if (o.length) {
        o.tokens = static_cast<int32_t *>(std::malloc(sizeof(int32_t) * size_t(o.length)));
        if (!o.tokens) {
          asrc_transcripts_free(out);
          return asrc_rt_error(ASRC_OUT_OF_MEMORY, "decoding: out of memory");
        }
        std::memcpy(o.tokens, h[i].tokens.data(), sizeof(int32_t) * size_t(o.length));
      }
    }
  }
  return nullptr;
}

struct Options {
  int32_t beam = 1, maxLength = 0, nbest = 1;
  float penalty = 1.f;
};

/// Beams per utterance at most: prefix beam search keeps up to beam_width
/// prefixes and attention decoding runs B * beam_width step rows, so a huge
/// value would only exhaust memory (docs/runtime-api.md).
constexpr int32_t kMaxBeamWidth = 4096;

/// Reads `o` (NULL: defaults) for `fn` ("asrc_decode", "asrc_ctc_decode").
asrc_error *readOptions(const char *fn, const asrc_decode_options *o, Options &opt) {
  if (!o)
    return nullptr;
  if (o->beam_width < 0 || o->max_length < 0 || o->nbest < 0)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: options: beam_width %d, max_length %d and nbest %d must not be "
                         "negative",
                         fn, int(o->beam_width), int(o->max_length), int(o->nbest));
  if (o->beam_width > kMaxBeamWidth)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: options: beam_width %d is more than the supported %d", fn,
                         int(o->beam_width), int(kMaxBeamWidth));
  if (!std::isfinite(o->length_penalty))
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: options: length_penalty must be finite",
                         fn);
  opt.beam = std::max(1, int(o->beam_width));
  opt.maxLength = o->max_length;
  opt.penalty = o->length_penalty;
  opt.nbest = std::max(1, int(o->nbest));
  if (opt.nbest > opt.beam)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: options: nbest %d is more than beam_width %d",
                         fn, int(opt.nbest), int(opt.beam));
  return nullptr;
}

//===----------------------------------------------------------------------===//
// CTC
//===----------------------------------------------------------------------===//

double logAdd(double a, double b) {
  if (a == kNegInf)
    return b;
  if (b == kNegInf)
    return a;
  double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::fabs(a - b)));
}

std::vector<Hyp> ctcGreedy(const float *lp, int64_t frames, int64_t vocab, int32_t blank) {
  Hyp h;
  h.finished = true;
  int64_t prev = -1;
  for (int64_t t = 0; t < frames; ++t) {
    const float *row = lp + t * vocab;
    int64_t best = 0;
    for (int64_t v = 1; v < vocab; ++v)
      if (row[v] > row[best])
        best = v;
    h.score += row[best];
    if (best != blank && best != prev)
      h.tokens.push_back(int32_t(best));
    prev = best;
  }
  h.normalized = h.score;
  return {h};
}

struct Prefix {
  double pb = kNegInf, pnb = kNegInf;
  double total() const { return logAdd(pb, pnb); }
};

/// Ranking of CTC prefixes: higher total first, then shorter, then smaller ids.
bool prefixBefore(const std::pair<std::vector<int32_t>, Prefix> &x,
                  const std::pair<std::vector<int32_t>, Prefix> &y) {
  double a = x.second.total(), b = y.second.total();
  if (a != b)
    return a > b;
  if (x.first.size() != y.first.size())
    return x.first.size() < y.first.size();
  return x.first < y.first;
}

std::vector<Hyp> ctcPrefixBeam(const float *lp, int64_t frames, int64_t vocab, int32_t blank,
                               int32_t beam) {
  using Beam = std::vector<std::pair<std::vector<int32_t>, Prefix>>;
  Beam beams{{{}, Prefix{0.0, kNegInf}}};
  for (int64_t t = 0; t < frames; ++t) {
    const float *row = lp + t * vocab;
    std::map<std::vector<int32_t>, Prefix> next;
    for (auto &[prefix, p] : beams) {
      for (int64_t v = 0; v < vocab; ++v) {
        double x = row[v];
        if (v == blank) {
          Prefix &n = next[prefix];
          n.pb = logAdd(n.pb, logAdd(p.pb, p.pnb) + x);
          continue;
        }
        std::vector<int32_t> extended = prefix;
        extended.push_back(int32_t(v));
        Prefix &e = next[extended];
        if (!prefix.empty() && prefix.back() == v) {
          // A repeat extends only across a blank; without one it merges.
          e.pnb = logAdd(e.pnb, p.pb + x);
          Prefix &same = next[prefix];
          same.pnb = logAdd(same.pnb, p.pnb + x);
        } else {
          e.pnb = logAdd(e.pnb, logAdd(p.pb, p.pnb) + x);
        }
      }
    }
    Beam all(next.begin(), next.end());
    std::sort(all.begin(), all.end(), prefixBefore);
    if (all.size() > size_t(beam))
      all.resize(size_t(beam));
    beams = std::move(all);
  }
  std::vector<Hyp> out;
  for (auto &[prefix, p] : beams) {
    Hyp h;
    h.tokens = prefix;
    h.score = h.normalized = p.total();
    h.finished = true;
    out.push_back(std::move(h));
  }
  return out;
}

asrc_error *ctcDecode(const asrc_tensor *logProbs, const asrc_tensor *lengths, int32_t blank,
                      const Options &opt, asrc_transcripts *out) {
  const char *fn = "asrc_ctc_decode";
  if (!logProbs)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: log_probs is NULL", fn);
  if (rawDType(logProbs->dtype) != ASRC_F32 || logProbs->rank != 3)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: log_probs must be f32 [B, T, V], got %s of rank %d", fn,
                         dtypeName(rawDType(logProbs->dtype)), int(logProbs->rank));
  // Data, shape, strides and size as any entry point's input.
  static const int64_t lpDims[] = {-1, -1, -1};
  static const char *const lpSyms[] = {"B", "T", "V"};
  asrc_rt_symbols syms = {};
  if (asrc_error *err =
          asrc_rt_check_input(logProbs, fn, "log_probs", ASRC_F32, 3, lpDims, lpSyms, &syms))
    return err;
  int64_t B = logProbs->shape[0], T = logProbs->shape[1], V = logProbs->shape[2];
  if (V < 1 || blank < 0 || blank >= V)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: blank %d is not a token of the vocabulary of %lld", fn, int(blank),
                         (long long)V);
  if (lengths) {
    int ldt = rawDType(lengths->dtype);
    if (lengths->rank != 1 || lengths->shape[0] != B || (ldt != ASRC_I32 && ldt != ASRC_I64)) {
      std::string got = lengths->rank >= 0 && lengths->rank <= ASRC_MAX_RANK
                            ? shapeString(lengths->shape, lengths->rank)
                            : "of rank " + std::to_string(lengths->rank);
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: lengths must be i32 or i64 [%lld], got %s %s", fn, (long long)B,
                           dtypeName(ldt), got.c_str());
    }
    static const int64_t lenDims[] = {-1};
    static const char *const lenSyms[] = {"B"};
    if (asrc_error *err = asrc_rt_check_input(lengths, fn, "lengths", lengths->dtype, 1, lenDims,
                                              lenSyms, &syms))
      return err;
  }
  std::vector<float> dense;
  const float *lp = static_cast<const float *>(logProbs->data);
  if (!asrc_rt_tensor_is_dense(logProbs)) {
    dense.resize(size_t(asrc_rt_tensor_elements(logProbs)));
    asrc_rt_copy_to_dense(logProbs, dense.data());
    lp = dense.data();
  }
  std::vector<std::vector<Hyp>> perUtt(static_cast<size_t>(B));
  for (int64_t b = 0; b < B; ++b) {
    int64_t frames = T;
    if (lengths) {
      int64_t s = lengths->strides[0] ? lengths->strides[0] : 1;
      frames = rawDType(lengths->dtype) == ASRC_I32
                   ? static_cast<const int32_t *>(lengths->data)[b * s]
                   : static_cast<const int64_t *>(lengths->data)[b * s];
      if (frames < 0 || frames > T)
        return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: lengths[%lld] = %lld is outside [0, %lld]",
                             fn, (long long)b, (long long)frames, (long long)T);
    }
    const float *u = lp + b * T * V;
    perUtt[size_t(b)] = opt.beam <= 1 ? ctcGreedy(u, frames, V, blank)
                                      : ctcPrefixBeam(u, frames, V, blank, opt.beam);
  }
  return fillTranscripts(perUtt, opt.nbest, out);
}

//===----------------------------------------------------------------------===//
// Attention decoding
//===----------------------------------------------------------------------===//

struct Beam {
  std::vector<int32_t> tokens;
  double score = 0;
  int64_t row = 0;
};

class AttentionDecoder {
public:
  AttentionDecoder(asrc_model *m, const asrc_rt_decoding &d, const Options &opt)
      : m(m), d(d), opt(opt) {}

  asrc_error *run(std::map<std::string, Owned> &encoded, asrc_transcripts *out);

private:
  std::vector<int64_t> beamRows() const;
  asrc_error *runPrepare(std::map<std::string, Owned> &encoded);
  asrc_error *expandEncoder(std::map<std::string, Owned> &encoded, const asrc_rt_entry *e);
  asrc_error *initStates();
  asrc_error *choose(const asrc_tensor &scores, int64_t generated, std::vector<int64_t> &parents);

  asrc_model *m;
  const asrc_rt_decoding &d;
  Options opt;
  const asrc_rt_entry *step = nullptr, *prepare = nullptr;
  int64_t B = 0, K = 1, N = 0;
  std::map<std::string, Owned> perUtterance; // step/prepare inputs, N rows
  std::map<std::string, Owned> prepared;     // prepare's outputs
  std::map<std::string, Owned> states;       // by step input name
  std::vector<std::vector<Beam>> live;
  std::vector<std::vector<Hyp>> finished;
  std::vector<bool> done;
};

/// Row r of a [B * K, ...] tensor repeats row r / K of the utterances'.
std::vector<int64_t> AttentionDecoder::beamRows() const {
  std::vector<int64_t> rows(static_cast<size_t>(N));
  for (int64_t r = 0; r < N; ++r)
    rows[size_t(r)] = r / K;
  return rows;
}

/// Runs <step>_prepare once on the B utterances and repeats each output row
/// for the K beams, when every output's dim 0 is the step's batch (the
/// symbol of the token's dim 0); otherwise on the B*K expanded inputs.
asrc_error *AttentionDecoder::runPrepare(std::map<std::string, Owned> &encoded) {
  if (!prepare)
    return nullptr;
  const char *batch = nullptr;
  for (int32_t i = 0; i < step->num_inputs; ++i)
    if (std::strcmp(step->inputs[i].name, d.token) == 0 && step->inputs[i].syms)
      batch = step->inputs[i].syms[0];
  bool perBatchRow = batch != nullptr;
  for (int32_t o = 0; o < prepare->num_outputs && perBatchRow; ++o) {
    const asrc_rt_port *p = nullptr;
    for (int32_t i = 0; i < step->num_inputs; ++i)
      if (std::strcmp(step->inputs[i].name, prepare->outputs[o].name) == 0)
        p = &step->inputs[i];
    perBatchRow = p && p->rank >= 1 && p->syms && p->syms[0] && std::strcmp(p->syms[0], batch) == 0;
  }
  std::map<std::string, const asrc_tensor *> in;
  if (!perBatchRow) {
    if (asrc_error *err = expandEncoder(encoded, prepare))
      return err;
    for (auto &[name, t] : perUtterance)
      in[name] = &t.t;
    return asrc_rt_error_wrap(callNamed(m, prepare, in, prepared), "decoding: %s", prepare->name);
  }
  for (int32_t i = 0; i < d.num_from_encoder; ++i) {
    auto it = encoded.find(d.from_encoder[2 * i + 1]);
    if (it != encoded.end())
      in[d.from_encoder[2 * i]] = &it->second.t;
  }
  if (asrc_error *err = callNamed(m, prepare, in, prepared))
    return asrc_rt_error_wrap(err, "decoding: %s", prepare->name);
  if (K == 1)
    return nullptr;
  std::vector<int64_t> rows = beamRows();
  for (auto &[name, t] : prepared) {
    Owned expanded;
    if (asrc_error *err = gatherRows(t.t, rows, expanded))
      return err;
    t = std::move(expanded);
  }
  return nullptr;
}

/// Repeats for the beams the encoder outputs that `e` takes (the recipe's
/// from_encoder), into perUtterance; each once.
asrc_error *AttentionDecoder::expandEncoder(std::map<std::string, Owned> &encoded,
                                            const asrc_rt_entry *e) {
  std::vector<int64_t> rows = beamRows();
  for (int32_t i = 0; i < d.num_from_encoder; ++i) {
    const char *input = d.from_encoder[2 * i], *output = d.from_encoder[2 * i + 1];
    bool takes = false;
    for (int32_t k = 0; k < e->num_inputs && !takes; ++k)
      takes = std::strcmp(e->inputs[k].name, input) == 0;
    if (!takes || perUtterance.count(input))
      continue;
    auto it = encoded.find(output);
    if (it == encoded.end())
      return asrc_rt_error(ASRC_INTERNAL, "decoding: encoder output '%s' is missing", output);
    const asrc_tensor &t = it->second.t;
    if (t.rank < 1 || t.shape[0] != B)
      return asrc_rt_error(ASRC_INTERNAL,
                           "decoding: encoder output '%s' has shape %s: expected %lld rows",
                           output, shapeString(t.shape, t.rank).c_str(), (long long)B);
    if (asrc_error *err = gatherRows(t, rows, perUtterance[input]))
      return err;
  }
  return nullptr;
}

asrc_error *AttentionDecoder::initStates() {
  // Symbols of the step's inputs, bound by its per-utterance and prepared
  // inputs.
  std::map<std::string, int64_t> syms;
  for (int32_t i = 0; i < step->num_inputs; ++i) {
    const asrc_rt_port &p = step->inputs[i];
    for (const std::map<std::string, Owned> *source : {&perUtterance, &prepared}) {
      auto it = source->find(p.name);
      if (it == source->end() || !p.syms)
        continue;
      for (int32_t k = 0; k < p.rank && k < it->second.t.rank; ++k)
        if (p.syms[k])
          syms[p.syms[k]] = it->second.t.shape[k];
    }
  }
  for (int32_t s = 0; s < d.num_states; ++s) {
    const asrc_rt_state &st = d.states[s];
    const asrc_rt_port *p = nullptr;
    for (int32_t i = 0; i < step->num_inputs; ++i)
      if (std::strcmp(step->inputs[i].name, st.input) == 0)
        p = &step->inputs[i];
    if (!p)
      return asrc_rt_error(ASRC_INTERNAL, "decoding: the step has no state input '%s'", st.input);
    int64_t shape[ASRC_MAX_RANK] = {};
    for (int32_t k = 0; k < p->rank; ++k) {
      if (k == 0) {
        shape[k] = N;
      } else if (p->dims[k] >= 0) {
        shape[k] = p->dims[k];
      } else {
        auto it = p->syms && p->syms[k] ? syms.find(p->syms[k]) : syms.end();
        if (it == syms.end())
          return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                               "decoding: cannot size dim %d ('%s') of state '%s': no "
                               "per-utterance input has it",
                               int(k), p->syms && p->syms[k] ? p->syms[k] : "?", st.input);
        shape[k] = it->second;
      }
    }
    Owned t;
    if (asrc_error *err = asrc_tensor_alloc(p->dtype, p->rank, shape, &t.t))
      return err;
    size_t bytes = size_t(asrc_rt_tensor_elements(&t.t)) * dtypeSize(rawDType(p->dtype));
    if (bytes)
      std::memset(t.t.data, 0, bytes);
    if (st.init == 1 && p->dtype == ASRC_F32 && p->rank >= 1 && shape[p->rank - 1] > 0) {
      int64_t last = shape[p->rank - 1], n = asrc_rt_tensor_elements(&t.t);
      for (int64_t i = 0; i < n; i += last)
        static_cast<float *>(t.t.data)[i] = 1.f;
    }
    states[st.input] = std::move(t);
  }
  return nullptr;
}

asrc_error *AttentionDecoder::choose(const asrc_tensor &scores, int64_t generated,
                                     std::vector<int64_t> &parents) {
  if (scores.dtype != ASRC_F32 || scores.rank < 2 || scores.shape[0] != N)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: step output '%s' has shape %s: expected [%lld, V]",
                         d.scores, shapeString(scores.shape, scores.rank).c_str(), (long long)N);
  int64_t V = scores.shape[scores.rank - 1];
  if (rowElements(scores) != V)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: step output '%s' has shape %s: expected one "
                         "row of scores per hypothesis", d.scores,
                         shapeString(scores.shape, scores.rank).c_str());
  const float *s = static_cast<const float *>(scores.data);
  std::vector<double> lp(static_cast<size_t>(V));
  struct Cand {
    double score;
    int64_t beam, token;
  };
  for (int64_t b = 0; b < B; ++b) {
    if (done[size_t(b)])
      continue;
    std::vector<Beam> &beams = live[size_t(b)];
    std::vector<Cand> cands;
    cands.reserve(beams.size() * size_t(V));
    for (size_t i = 0; i < beams.size(); ++i) {
      const float *row = s + beams[i].row * V;
      if (d.scores_are_logits)
        logSoftmax(row, V, lp.data());
      else
        for (int64_t v = 0; v < V; ++v)
          lp[size_t(v)] = row[v];
      for (int64_t v = 0; v < V; ++v)
        cands.push_back({beams[i].score + lp[size_t(v)], int64_t(i), v});
    }
    size_t take = std::min(cands.size(), size_t(2 * K));
    auto before = [](const Cand &x, const Cand &y) {
      if (x.score != y.score)
        return x.score > y.score;
      return x.beam != y.beam ? x.beam < y.beam : x.token < y.token;
    };
    std::partial_sort(cands.begin(), cands.begin() + take, cands.end(), before);
    std::vector<Beam> next;
    for (size_t c = 0; c < take && int64_t(next.size()) < K; ++c) {
      const Beam &parent = beams[size_t(cands[c].beam)];
      if (cands[c].token == d.end_token) {
        if (int64_t(c) < K) {
          Hyp h;
          h.tokens = parent.tokens;
          h.score = cands[c].score;
          h.normalized = normalize(h.score, h.tokens.size() + 1, opt.penalty);
          h.finished = true;
          finished[size_t(b)].push_back(std::move(h));
        }
        continue;
      }
      Beam nb;
      nb.tokens = parent.tokens;
      nb.tokens.push_back(int32_t(cands[c].token));
      nb.score = cands[c].score;
      nb.row = parent.row; // the parent's row, remapped below
      next.push_back(std::move(nb));
    }
    // Rows b*K + k take their new beam's parent row.
    for (size_t k = 0; k < next.size(); ++k) {
      parents[size_t(b * K) + k] = next[k].row;
      next[k].row = b * K + int64_t(k);
    }
    live[size_t(b)] = std::move(next);
    bool full = int64_t(finished[size_t(b)].size()) >= K;
    if (full || live[size_t(b)].empty() || generated >= opt.maxLength) {
      if (!full)
        for (Beam &beam : live[size_t(b)]) {
          Hyp h;
          h.tokens = beam.tokens;
          h.score = beam.score;
          h.normalized = normalize(h.score, h.tokens.size(), opt.penalty);
          finished[size_t(b)].push_back(std::move(h));
        }
      live[size_t(b)].clear();
      done[size_t(b)] = true;
    }
  }
  return nullptr;
}

asrc_error *AttentionDecoder::run(std::map<std::string, Owned> &encoded, asrc_transcripts *out) {
  step = findEntry(m, d.step);
  if (!step)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: no step entry point '%s'", d.step);
  prepare = findEntry(m, (std::string(d.step) + "_prepare").c_str());
  K = opt.beam;
  auto first = encoded.find(d.from_encoder && d.num_from_encoder ? d.from_encoder[1] : "");
  if (first == encoded.end() || first->second.t.rank < 1)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: the recipe names no batched encoder output");
  B = first->second.t.shape[0];
  N = B * K;
  if (opt.maxLength <= 0)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "decoding: max_length is 0 (give one in the options or the spec)");
  if (asrc_error *err = runPrepare(encoded))
    return err;
  if (asrc_error *err = expandEncoder(encoded, step))
    return err;
  if (asrc_error *err = initStates())
    return err;
  live.assign(size_t(B), {});
  finished.assign(size_t(B), {});
  done.assign(size_t(B), false);
  for (int64_t b = 0; b < B; ++b)
    live[size_t(b)].push_back(Beam{{}, 0.0, b * K});

  // The token and position inputs: [N] or [N, 1] int32, as the step takes.
  const asrc_rt_port *tokenPort = nullptr;
  for (int32_t i = 0; i < step->num_inputs; ++i)
    if (std::strcmp(step->inputs[i].name, d.token) == 0)
      tokenPort = &step->inputs[i];
  if (!tokenPort || tokenPort->rank < 1 || tokenPort->rank > 2)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: token input '%s' is not [N] or [N, 1]", d.token);
  int64_t tokShape[2] = {N, 1};
  Owned token, position;
  if (asrc_error *err = asrc_tensor_alloc(tokenPort->dtype, tokenPort->rank, tokShape, &token.t))
    return err;
  if (asrc_error *err = asrc_tensor_alloc(ASRC_I32, 1, tokShape, &position.t))
    return err;
  auto setToken = [&](int64_t r, int64_t v) {
    if (tokenPort->dtype == ASRC_I64)
      static_cast<int64_t *>(token.t.data)[r] = v;
    else
      static_cast<int32_t *>(token.t.data)[r] = int32_t(v);
  };

  const int64_t P = d.num_start_tokens;
  if (P < 1)
    return asrc_rt_error(ASRC_INTERNAL, "decoding: the recipe has no start tokens");
  std::map<std::string, Owned> outs;
  std::vector<int64_t> parents(static_cast<size_t>(N));
  for (int64_t t = 0;; ++t) {
    bool allDone = std::all_of(done.begin(), done.end(), [](bool x) { return x; });
    if (allDone)
      break;
    for (int64_t r = 0; r < N; ++r) {
      int64_t b = r / K, k = r % K;
      int64_t v = d.end_token;
      if (t < P)
        v = d.start_tokens[t];
      else if (!done[size_t(b)] && k < int64_t(live[size_t(b)].size()))
        v = live[size_t(b)][size_t(k)].tokens.back();
      setToken(r, v);
      static_cast<int32_t *>(position.t.data)[r] = int32_t(t);
    }
    std::map<std::string, const asrc_tensor *> in;
    for (auto &[name, tensor] : perUtterance)
      in[name] = &tensor.t;
    for (auto &[name, tensor] : prepared)
      in[name] = &tensor.t;
    for (auto &[name, tensor] : states)
      in[name] = &tensor.t;
    in[d.token] = &token.t;
    if (d.position)
      in[d.position] = &position.t;
    if (asrc_error *err = callNamed(m, step, in, outs))
      return asrc_rt_error_wrap(err, "decoding: step %lld", (long long)t);
    for (int64_t r = 0; r < N; ++r)
      parents[size_t(r)] = r;
    if (t >= P - 1) {
      auto sc = outs.find(d.scores);
      if (sc == outs.end())
        return asrc_rt_error(ASRC_INTERNAL, "decoding: the step has no output '%s'", d.scores);
      if (asrc_error *err = choose(sc->second.t, t - (P - 1) + 1, parents))
        return err;
    }
    bool identity = true;
    for (int64_t r = 0; r < N; ++r)
      identity = identity && parents[size_t(r)] == r;
    for (int32_t s = 0; s < d.num_states; ++s) {
      auto o = outs.find(d.states[s].output);
      if (o == outs.end())
        return asrc_rt_error(ASRC_INTERNAL, "decoding: the step has no output '%s'",
                             d.states[s].output);
      if (identity) // greedy, or beams that kept their rows: no copy
        states[d.states[s].input] = std::move(o->second);
      else if (asrc_error *err = gatherRows(o->second.t, parents, states[d.states[s].input]))
        return err;
    }
  }
  return fillTranscripts(finished, opt.nbest, out);
}

} // namespace

extern "C" {

ASRC_EXPORT void asrc_rt_model_set_program(asrc_model *model, const asrc_rt_entry *entries,
                                           size_t num_entries, const asrc_rt_decoding *decoding) {
  if (!model)
    return;
  model->entries = entries;
  model->numEntries = entries ? num_entries : 0;
  model->decoding = decoding;
}

ASRC_EXPORT asrc_error *asrc_model_call(asrc_model *model, const char *entry,
                                        const asrc_tensor *const *inputs, size_t num_inputs,
                                        asrc_tensor *const *outputs, size_t num_outputs) {
  return guarded([&]() -> asrc_error * {
    if (!model)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_model_call: model is NULL");
    if (!entry)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_model_call: the entry name is NULL");
    const asrc_rt_entry *e = findEntry(model, entry);
    if (!e) {
      std::string names;
      for (size_t i = 0; i < model->numEntries; ++i)
        names += std::string(i ? ", " : "") + model->entries[i].name;
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: no entry point '%s' (has: %s)",
                           model->name.c_str(), entry, names.c_str());
    }
    if (num_inputs != size_t(e->num_inputs) || num_outputs != size_t(e->num_outputs))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: %s takes %d inputs and %d outputs, got %zu and %zu",
                           model->name.c_str(), entry, int(e->num_inputs), int(e->num_outputs),
                           num_inputs, num_outputs);
    if (num_inputs && !inputs)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_model_call: %s: the inputs array is NULL (%zu inputs)", entry,
                           num_inputs);
    if (num_outputs && !outputs)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "asrc_model_call: %s: the outputs array is NULL (%zu outputs)", entry,
                           num_outputs);
    return e->fn(model, inputs, outputs);
  });
}

ASRC_EXPORT void asrc_transcripts_free(asrc_transcripts *t) {
  if (!t)
    return;
  if (t->hyps)
    for (int64_t i = 0; i < int64_t(t->batch) * t->nbest; ++i)
      std::free(t->hyps[i].tokens);
  std::free(t->hyps);
  std::memset(t, 0, sizeof(*t));
}

ASRC_EXPORT asrc_error *asrc_ctc_decode(const asrc_tensor *log_probs, const asrc_tensor *lengths,
                                        int32_t blank, const asrc_decode_options *options,
                                        asrc_transcripts *out) {
  return guarded([&]() -> asrc_error * {
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_ctc_decode: out is NULL");
    std::memset(out, 0, sizeof(*out));
    Options opt;
    if (asrc_error *err = readOptions("asrc_ctc_decode", options, opt))
      return err;
    return ctcDecode(log_probs, lengths, blank, opt, out);
  });
}

ASRC_EXPORT asrc_error *asrc_decode(asrc_model *model, const asrc_tensor *const *inputs,
                                    size_t num_inputs, const asrc_decode_options *options,
                                    asrc_transcripts *out) {
  return guarded([&]() -> asrc_error * {
    if (!model)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_decode: model is NULL");
    if (!out)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_decode: out is NULL");
    std::memset(out, 0, sizeof(*out));
    const asrc_rt_decoding *d = model->decoding;
    if (!d || d->kind == ASRC_RT_DECODING_NONE)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: the model has no decoding recipe (the spec's \"decoding\")",
                           model->name.c_str());
    Options opt;
    opt.maxLength = d->max_length;
    if (asrc_error *err = readOptions("asrc_decode", options, opt))
      return err;
    if (options && options->max_length == 0)
      opt.maxLength = d->max_length;
    const asrc_rt_entry *enc = findEntry(model, d->encode);
    if (!enc)
      return asrc_rt_error(ASRC_INTERNAL, "%s: no encoder entry point '%s'", model->name.c_str(),
                           d->encode);
    if (num_inputs != size_t(enc->num_inputs))
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_decode: %s takes %d inputs, got %zu",
                           enc->name, int(enc->num_inputs), num_inputs);
    if (num_inputs && !inputs)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT, "asrc_decode: the inputs array is NULL");
    std::map<std::string, const asrc_tensor *> in;
    for (int32_t i = 0; i < enc->num_inputs; ++i)
      in[enc->inputs[i].name] = inputs[i];
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point a, Clock::time_point b) {
      return std::chrono::duration<double>(b - a).count();
    };
    Clock::time_point t0 = Clock::now();
    std::map<std::string, Owned> encoded;
    if (asrc_error *err = callNamed(model, enc, in, encoded))
      return err;
    Clock::time_point t1 = Clock::now();
    asrc_error *err = nullptr;
    if (d->kind == ASRC_RT_DECODING_CTC) {
      auto lp = encoded.find(d->log_probs);
      auto len = d->lengths ? encoded.find(d->lengths) : encoded.end();
      if (lp == encoded.end())
        return asrc_rt_error(ASRC_INTERNAL, "decoding: no encoder output '%s'", d->log_probs);
      err = ctcDecode(&lp->second.t, len == encoded.end() ? nullptr : &len->second.t, d->blank,
                      opt, out);
    } else {
      AttentionDecoder dec(model, *d, opt);
      err = dec.run(encoded, out);
    }
    if (!err) {
      out->encode_seconds = seconds(t0, t1);
      out->decode_seconds = seconds(t1, Clock::now());
    }
    return err;
  });
}

} // extern "C"
