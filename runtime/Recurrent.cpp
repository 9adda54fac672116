//===- Recurrent.cpp - LSTM / GRU recurrences and cells (f32) -------------===//
//
// The time recurrence of an RNN layer is sequential, so it is a plain C++
// loop rather than a Halide pipeline: per step, the hidden projection
// W_hh h for up to four batch rows at a time (each W_hh row loaded once for
// the four), then the gate nonlinearities. The dot products keep 16
// independent partial sums per row so the compiler vectorizes them without
// -ffast-math; on x86-64 the kernel is also compiled for x86-64-v3 (AVX2 +
// FMA) and picked at load time (target_clones).
//
// Semantics follow PyTorch (torch.nn.LSTM / GRU with packed sequences).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cmath>
#include <cstring>

using namespace asrc_rt;

namespace {

constexpr int kRows = 4;   // batch rows per block
constexpr int kLanes = 16; // partial sums per dot product

// Not under the sanitizers: the ifunc resolver of target_clones runs before
// their runtime is initialized (an instrumented resolver crashes under TSan).
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ASRC_RT_SANITIZED 1
#endif
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&        \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) &&         \
    !defined(ASRC_RT_SANITIZED)
#define ASRC_RT_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define ASRC_RT_CLONES
#endif

/// out[r][j] = sum_k W[j, k] * v[r][k] for r < R, j < J; W is [J, K] dense.
/// Each W row is loaded once for the R batch rows; each dot product keeps
/// kLanes partial sums (vector registers) and adds them up at the end.
template <int R>
__attribute__((always_inline)) inline void
matvecRows(const float *__restrict W, int64_t J, int64_t K,
           const float *const *v, float *const *out) {
  const int64_t KL = K / kLanes * kLanes;
  for (int64_t j = 0; j < J; ++j) {
    const float *__restrict w = W + j * K;
    float acc[R][kLanes];
    for (int r = 0; r < R; ++r)
      for (int l = 0; l < kLanes; ++l)
        acc[r][l] = 0.0f;
    for (int64_t k = 0; k < KL; k += kLanes)
      for (int r = 0; r < R; ++r) {
        const float *__restrict x = v[r] + k;
        for (int l = 0; l < kLanes; ++l)
          acc[r][l] += w[k + l] * x[l];
      }
    for (int r = 0; r < R; ++r) {
      float s = 0.0f;
      for (int l = 0; l < kLanes; ++l)
        s += acc[r][l];
      for (int64_t k = KL; k < K; ++k)
        s += w[k] * v[r][k];
      out[r][j] = s;
    }
  }
}

/// matvecRows for a runtime row count 1..kRows.
ASRC_RT_CLONES
void matvec(const float *W, int64_t J, int64_t K, int rows,
            const float *const *v, float *const *out) {
  switch (rows) {
  case 1:
    matvecRows<1>(W, J, K, v, out);
    break;
  case 2:
    matvecRows<2>(W, J, K, v, out);
    break;
  case 3:
    matvecRows<3>(W, J, K, v, out);
    break;
  default:
    matvecRows<4>(W, J, K, v, out);
    break;
  }
}

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

/// LSTM cell update from pre-activation gates g [4H] (i, f, g, o):
/// c = f*c + i*g; h = o*tanh(c). `c` is updated in place.
inline void lstmUpdate(const float *g, int64_t H, float *c, float *h) {
  for (int64_t k = 0; k < H; ++k) {
    float i = sigmoid(g[k]);
    float f = sigmoid(g[H + k]);
    float gg = std::tanh(g[2 * H + k]);
    float o = sigmoid(g[3 * H + k]);
    float cn = f * c[k] + i * gg;
    c[k] = cn;
    h[k] = o * std::tanh(cn);
  }
}

/// GRU update: xi = input part [3H] (incl. b_ih), hg = hidden part [3H]
/// (incl. b_hh); h = (1 - z) * n + z * h.
inline void gruUpdate(const float *xi, const float *hg, int64_t H,
                      const float *hPrev, float *hOut) {
  for (int64_t k = 0; k < H; ++k) {
    float r = sigmoid(xi[k] + hg[k]);
    float z = sigmoid(xi[H + k] + hg[H + k]);
    float n = std::tanh(xi[2 * H + k] + r * hg[2 * H + k]);
    hOut[k] = (1.0f - z) * n + z * hPrev[k];
  }
}

/// Scratch memory from the arena (or the heap), released on scope exit.
struct Scratch {
  asrc_model *model;
  void *ptr = nullptr;
  Scratch(asrc_model *m, size_t bytes) : model(m) {
    ptr = asrc_rt_arena_acquire(m, bytes);
  }
  ~Scratch() { asrc_rt_arena_release(model, ptr); }
  Scratch(const Scratch &) = delete;
  Scratch &operator=(const Scratch &) = delete;
};

/// Adds `count` items of `size` bytes to a 64-byte aligned layout.
bool addRegion(size_t &total, size_t &offset, uint64_t count, size_t size) {
  uint64_t bytes;
  if (__builtin_mul_overflow(count, uint64_t(size), &bytes))
    return false;
  offset = total;
  bytes = (bytes + kAlign - 1) / kAlign * kAlign;
  if (__builtin_add_overflow(uint64_t(total), bytes, &bytes) ||
      bytes > SIZE_MAX)
    return false;
  total = size_t(bytes);
  return true;
}

enum class Kind { LSTM, GRU };

asrc_error *runLayer(Kind kind, asrc_model *model, const char *entry,
                     const asrc_rt_rnn *a) {
  const char *op = kind == Kind::LSTM ? "lstm" : "gru";
  entry = entry ? entry : "(entry)";
  auto invalid = [&](const char *what) {
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: %s: %s", entry, op, what);
  };
  if (!a)
    return invalid("arguments are NULL");
  const int64_t B = a->batch, T = a->time, H = a->hidden;
  const int64_t G = kind == Kind::LSTM ? 4 : 3;
  if (B < 0 || T < 0 || H < 0)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s: negative size (batch %lld, time %lld, "
                         "hidden %lld)",
                         entry, op, (long long)B, (long long)T, (long long)H);
  int64_t GH;
  if (__builtin_mul_overflow(G, H, &GH))
    return invalid("hidden size too large");
  const int64_t xs = a->xg_row_stride ? a->xg_row_stride : GH;
  const int64_t os = a->out_row_stride ? a->out_row_stride : H;
  if (xs < GH)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s: xg row stride %lld is less than %lld "
                         "(gates x hidden)",
                         entry, op, (long long)xs, (long long)GH);
  if (os < H)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s: output row stride %lld is less than the "
                         "hidden size %lld",
                         entry, op, (long long)os, (long long)H);
  int64_t rowsBT, tmp;
  if (__builtin_mul_overflow(B, T, &rowsBT) ||
      __builtin_mul_overflow(rowsBT, xs, &tmp) ||
      __builtin_mul_overflow(rowsBT, os, &tmp) ||
      __builtin_mul_overflow(GH, H, &tmp) || __builtin_mul_overflow(B, H, &tmp))
    return invalid("sizes overflow");
  if (kind == Kind::GRU && (a->c0 || a->c_n))
    return invalid("a GRU has no cell state (c0 and c_n must be NULL)");
  if (kind == Kind::GRU && !a->b_hh && H > 0)
    return invalid("b_hh is NULL (a GRU needs its hidden bias separately)");
  if (rowsBT > 0 && H > 0 && (!a->xg || !a->out))
    return invalid(!a->xg ? "xg is NULL" : "out is NULL");
  if (H > 0 && !a->w_hh)
    return invalid("w_hh is NULL");
  const int lengthsDType = rawDType(a->lengths_dtype);
  if (a->lengths && lengthsDType != ASRC_I32 && lengthsDType != ASRC_I64)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s: lengths have dtype %s: expected i32 or i64",
                         entry, op, dtypeName(lengthsDType));
  if (B == 0 || H == 0) {
    // Nothing to compute; outputs of hidden size 0 hold nothing either.
    return nullptr;
  }

  // Scratch: h, c [B, H]; gates [kRows, G*H] (GRU: hidden part); lengths,
  // active rows [B].
  size_t total = 0, offH, offC, offG, offLen, offAct;
  if (!addRegion(total, offH, uint64_t(B) * uint64_t(H), sizeof(float)) ||
      !addRegion(total, offC, uint64_t(B) * uint64_t(H), sizeof(float)) ||
      !addRegion(total, offG, uint64_t(kRows) * uint64_t(GH), sizeof(float)) ||
      !addRegion(total, offLen, uint64_t(B), sizeof(int64_t)) ||
      !addRegion(total, offAct, uint64_t(B), sizeof(int64_t)))
    return invalid("scratch size overflows");
  Scratch scratch(model, total);
  if (!scratch.ptr)
    return asrc_rt_error(ASRC_OUT_OF_MEMORY,
                         "%s: %s: out of memory for %zu bytes of scratch",
                         entry, op, total);
  char *base = static_cast<char *>(scratch.ptr);
  float *h = reinterpret_cast<float *>(base + offH);
  float *c = reinterpret_cast<float *>(base + offC);
  float *gates = reinterpret_cast<float *>(base + offG);
  int64_t *len = reinterpret_cast<int64_t *>(base + offLen);
  int64_t *active = reinterpret_cast<int64_t *>(base + offAct);

  for (int64_t b = 0; b < B; ++b) {
    int64_t l = T;
    if (a->lengths)
      l = lengthsDType == ASRC_I32
              ? int64_t(static_cast<const int32_t *>(a->lengths)[b])
              : static_cast<const int64_t *>(a->lengths)[b];
    if (l < 0 || l > T)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: %s: lengths[%lld] = %lld is outside [0, %lld] "
                           "(the time dim)",
                           entry, op, (long long)b, (long long)l, (long long)T);
    len[b] = l;
  }
  const size_t stateBytes = size_t(B * H) * sizeof(float);
  if (a->h0)
    std::memcpy(h, a->h0, stateBytes);
  else
    std::memset(h, 0, stateBytes);
  if (a->c0)
    std::memcpy(c, a->c0, stateBytes);
  else
    std::memset(c, 0, stateBytes);

  for (int64_t s = 0; s < T; ++s) {
    const int64_t t = a->reverse ? T - 1 - s : s;
    int64_t numActive = 0;
    for (int64_t b = 0; b < B; ++b) {
      if (t < len[b])
        active[numActive++] = b;
      else
        std::memset(a->out + (b * T + t) * os, 0, size_t(H) * sizeof(float));
    }
    for (int64_t i0 = 0; i0 < numActive; i0 += kRows) {
      const int rows = int(numActive - i0 < kRows ? numActive - i0 : kRows);
      const float *hv[kRows];
      float *gv[kRows];
      for (int r = 0; r < rows; ++r) {
        hv[r] = h + active[i0 + r] * H;
        gv[r] = gates + r * GH;
      }
      matvec(a->w_hh, GH, H, rows, hv, gv);
      for (int r = 0; r < rows; ++r) {
        const int64_t b = active[i0 + r];
        const float *x = a->xg + (b * T + t) * xs;
        float *g = gv[r];
        float *hb = h + b * H;
        if (kind == Kind::LSTM) {
          if (a->b_hh)
            for (int64_t j = 0; j < GH; ++j)
              g[j] += x[j] + a->b_hh[j];
          else
            for (int64_t j = 0; j < GH; ++j)
              g[j] += x[j];
          lstmUpdate(g, H, c + b * H, hb);
        } else {
          for (int64_t j = 0; j < GH; ++j)
            g[j] += a->b_hh[j];
          gruUpdate(x, g, H, hb, hb);
        }
        std::memcpy(a->out + (b * T + t) * os, hb, size_t(H) * sizeof(float));
      }
    }
  }
  if (a->h_n)
    std::memcpy(a->h_n, h, stateBytes);
  if (a->c_n)
    std::memcpy(a->c_n, c, stateBytes);
  return nullptr;
}

asrc_error *runCell(Kind kind, asrc_model *model, const char *entry,
                    const asrc_rt_cell *a) {
  const char *op = kind == Kind::LSTM ? "lstm_cell" : "gru_cell";
  entry = entry ? entry : "(entry)";
  auto invalid = [&](const char *what) {
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "%s: %s: %s", entry, op, what);
  };
  if (!a)
    return invalid("arguments are NULL");
  const int64_t B = a->batch, I = a->input, H = a->hidden;
  const int64_t G = kind == Kind::LSTM ? 4 : 3;
  if (B < 0 || I < 0 || H < 0)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: %s: negative size (batch %lld, input %lld, "
                         "hidden %lld)",
                         entry, op, (long long)B, (long long)I, (long long)H);
  int64_t GH, tmp;
  if (__builtin_mul_overflow(G, H, &GH) || __builtin_mul_overflow(GH, I, &tmp) ||
      __builtin_mul_overflow(GH, H, &tmp) || __builtin_mul_overflow(B, I, &tmp) ||
      __builtin_mul_overflow(B, H, &tmp))
    return invalid("sizes overflow");
  if (B == 0 || H == 0)
    return nullptr;
  if (!a->h || !a->h_out || !a->w_hh || (I > 0 && (!a->x || !a->w_ih)))
    return invalid(!a->h       ? "h is NULL"
                   : !a->h_out ? "h_out is NULL"
                   : !a->w_hh  ? "w_hh is NULL"
                   : !a->x     ? "x is NULL"
                               : "w_ih is NULL");
  if (kind == Kind::LSTM && (!a->c || !a->c_out))
    return invalid(!a->c ? "c is NULL" : "c_out is NULL");
  if (kind == Kind::GRU && (a->c || a->c_out))
    return invalid("a GRU has no cell state (c and c_out must be NULL)");

  size_t total = 0, offI, offH;
  if (!addRegion(total, offI, uint64_t(kRows) * uint64_t(GH), sizeof(float)) ||
      !addRegion(total, offH, uint64_t(kRows) * uint64_t(GH), sizeof(float)))
    return invalid("scratch size overflows");
  Scratch scratch(model, total);
  if (!scratch.ptr)
    return asrc_rt_error(ASRC_OUT_OF_MEMORY,
                         "%s: %s: out of memory for %zu bytes of scratch",
                         entry, op, total);
  float *gi = reinterpret_cast<float *>(static_cast<char *>(scratch.ptr) + offI);
  float *gh = reinterpret_cast<float *>(static_cast<char *>(scratch.ptr) + offH);

  for (int64_t b0 = 0; b0 < B; b0 += kRows) {
    const int rows = int(B - b0 < kRows ? B - b0 : kRows);
    const float *xv[kRows], *hv[kRows];
    float *giv[kRows], *ghv[kRows];
    for (int r = 0; r < rows; ++r) {
      xv[r] = a->x ? a->x + (b0 + r) * I : nullptr;
      hv[r] = a->h + (b0 + r) * H;
      giv[r] = gi + r * GH;
      ghv[r] = gh + r * GH;
    }
    if (I > 0) {
      matvec(a->w_ih, GH, I, rows, xv, giv);
    } else {
      for (int r = 0; r < rows; ++r)
        std::memset(giv[r], 0, size_t(GH) * sizeof(float));
    }
    matvec(a->w_hh, GH, H, rows, hv, ghv);
    for (int r = 0; r < rows; ++r) {
      const int64_t b = b0 + r;
      float *x = giv[r], *y = ghv[r];
      if (a->b_ih)
        for (int64_t j = 0; j < GH; ++j)
          x[j] += a->b_ih[j];
      if (a->b_hh)
        for (int64_t j = 0; j < GH; ++j)
          y[j] += a->b_hh[j];
      if (kind == Kind::LSTM) {
        for (int64_t j = 0; j < GH; ++j)
          x[j] += y[j];
        // c_out may alias c: copy first, then update in place.
        if (a->c_out != a->c)
          std::memcpy(a->c_out + b * H, a->c + b * H, size_t(H) * sizeof(float));
        lstmUpdate(x, H, a->c_out + b * H, a->h_out + b * H);
      } else {
        gruUpdate(x, y, H, a->h + b * H, a->h_out + b * H);
      }
    }
  }
  return nullptr;
}

} // namespace

extern "C" {

asrc_error *asrc_rt_lstm(asrc_model *model, const char *entry,
                         const asrc_rt_rnn *args) {
  return guarded([&] { return runLayer(Kind::LSTM, model, entry, args); });
}

asrc_error *asrc_rt_gru(asrc_model *model, const char *entry,
                        const asrc_rt_rnn *args) {
  return guarded([&] { return runLayer(Kind::GRU, model, entry, args); });
}

asrc_error *asrc_rt_lstm_cell(asrc_model *model, const char *entry,
                              const asrc_rt_cell *args) {
  return guarded([&] { return runCell(Kind::LSTM, model, entry, args); });
}

asrc_error *asrc_rt_gru_cell(asrc_model *model, const char *entry,
                             const asrc_rt_cell *args) {
  return guarded([&] { return runCell(Kind::GRU, model, entry, args); });
}

} // extern "C"
