/*===- asrc_rt.h - internal runtime API for generated model code -*- C -*-===*
 *
 * The functions generated per-model code (codegen's link step) calls to build
 * a model and run its entry points. Not part of the public API (asrc.h):
 * these symbols have hidden visibility inside lib<model>.so and may change
 * between asrc versions. Everything here is implemented in
 * runtime/libasrc_runtime.a (C++17, no LLVM/MLIR, no exception crosses any
 * function below).
 *
 * Conventions:
 *  * functions returning asrc_error * return NULL on success; on failure the
 *    caller owns the error (asrc_error_free) and every out-parameter is left
 *    in a state that is safe to clean up (NULL pointers, untouched tensors);
 *  * `entry` is the entry point's name ("encode", "decode_step", ...) and
 *    prefixes every message so a user sees which call failed;
 *  * shapes are row-major (shape[0] outermost), strides are in elements.
 *
 * Typical generated entry point:
 *
 *   asrc_error *m_encode(asrc_model *m, const asrc_tensor *features,
 *                        asrc_tensor *logits) {
 *     asrc_rt_symbols syms = {0};
 *     static const int64_t f_dims[] = {-1, -1, 80};
 *     static const char *const f_names[] = {"B", "T", NULL};
 *     asrc_error *err = asrc_rt_check_input(features, "encode", "features",
 *         ASRC_F32, 3, f_dims, f_names, &syms);
 *     if (err) return err;
 *     ... shapes from syms / features->shape ...
 *     int out_was_null = logits->data == NULL;
 *     if ((err = asrc_rt_prepare_output(logits, "encode", "logits", ...)))
 *       return err;
 *     void *ws = asrc_rt_arena_acquire(m, plan_bytes);
 *     if (!ws) { err = asrc_rt_error(ASRC_OUT_OF_MEMORY, ...); goto fail; }
 *     asrc_rt_call call = {0};
 *     halide_buffer_t b0; halide_dimension_t d0[3];
 *     if ((err = asrc_rt_tensor_buffer(&b0, d0, features))) goto fail;
 *     ...
 *     if ((err = asrc_rt_kernel_status(&call, "encode", "matmul_0",
 *                                      matmul_0(&call, &b0, &b1))))
 *       goto fail;
 *     ...
 *   fail:
 *     asrc_rt_arena_release(m, ws);
 *     if (err && out_was_null) asrc_tensor_free(logits);
 *     return err;
 *   }
 *
 *===----------------------------------------------------------------------===*/
#ifndef ASRC_RT_H
#define ASRC_RT_H

#include "asrc.h"
#include "asrc_cuda.h"

#include <HalideRuntime.h> /* /usr/include/halide14 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ASRC_RT_PRINTF(fmt_index, first_arg) \
  __attribute__((format(printf, fmt_index, first_arg)))
#else
#define ASRC_RT_PRINTF(fmt_index, first_arg)
#endif

/*===----------------------------------------------------------------------===*
 * Errors
 *===----------------------------------------------------------------------===*/

/* A new error with `code` and a printf-formatted message. Never returns NULL:
 * if memory runs out it returns a static ASRC_OUT_OF_MEMORY error (which
 * asrc_error_free accepts and ignores). `code` ASRC_OK is turned into
 * ASRC_INTERNAL (an error must be an error). */
asrc_error *asrc_rt_error(asrc_code code, const char *fmt, ...)
    ASRC_RT_PRINTF(2, 3);
/* asrc_rt_error with a va_list. */
asrc_error *asrc_rt_errorv(asrc_code code, const char *fmt, va_list args);
/* Prefixes `err`'s message with the formatted text and ": " (keeping its
 * code) and returns it; returns NULL when `err` is NULL, so it can wrap a
 * call: `return asrc_rt_error_wrap(f(...), "layer %d", i);`. */
asrc_error *asrc_rt_error_wrap(asrc_error *err, const char *fmt, ...)
    ASRC_RT_PRINTF(2, 3);

/* "f32", "f16", "bf16", "i32", "i64", or "dtype(<n>)" for an unknown value
 * (a static string; the unknown case uses a thread-local buffer). */
const char *asrc_rt_dtype_name(asrc_dtype dtype);
/* Bytes per element; 0 for an unknown dtype. */
size_t asrc_rt_dtype_size(asrc_dtype dtype);

/*===----------------------------------------------------------------------===*
 * Model and weights
 *===----------------------------------------------------------------------===*/

/* One weight the model expects in the safetensors file. Weights have static
 * shapes (no -1). */
typedef struct asrc_rt_weight_spec {
  const char *name; /* the tensor's name in the file */
  asrc_dtype dtype;
  int32_t rank; /* 0 .. ASRC_MAX_RANK */
  int64_t shape[ASRC_MAX_RANK];
} asrc_rt_weight_spec;

/* Creates a model: maps `weights_path` read-only, validates its header with
 * the strict safetensors reader (frontend/Safetensors.cpp), and binds each of
 * the `num_weights` specs (index i of `weights` = asrc_rt_weight index i):
 * zero-copy when the tensor's data is 64-byte aligned in the file, else
 * copied into a 64-byte aligned allocation. Extra tensors in the file are
 * ignored. If no weight ends up zero-copy the file is unmapped at once.
 * Stores a copy of `model_name` and of `*options` (NULL = defaults: threads
 * 0) and applies options->threads with halide_set_num_threads when the
 * Halide runtime is linked in (weak reference; the Halide pool is
 * process-wide, so the last model created wins).
 *
 * With num_weights == 0, `weights_path` may be NULL (a model without weights,
 * e.g. for tests); a non-NULL path is still opened and validated.
 *
 * Errors (messages start with "<model_name>: "):
 *  ASRC_INVALID_ARGUMENT  out/model_name NULL, weights NULL with num_weights >
 *                         0, a spec with a NULL name, bad rank/dtype/shape,
 *                         options->threads < 0;
 *  ASRC_IO_ERROR          the file cannot be opened, stat'ed, mapped, or is a
 *                         directory / not a regular file;
 *  ASRC_BAD_WEIGHTS       malformed or truncated file (reader's message), a
 *                         weight missing ("weight 'w' is missing from ..."),
 *                         wrong dtype or shape (naming the weight, expected
 *                         and found);
 *  ASRC_OUT_OF_MEMORY     a copy could not be allocated.
 * On failure *out is set to NULL. The file must not be truncated while the
 * model exists (a mapped page past the new end would fault). */
asrc_error *asrc_rt_model_create(const char *model_name,
                                 const asrc_rt_weight_spec *weights,
                                 size_t num_weights, const char *weights_path,
                                 const asrc_options *options,
                                 asrc_model **out);

/*===----------------------------------------------------------------------===*
 * Entry-point table and decoding recipe (asrc_model_call, asrc_decode)
 *===----------------------------------------------------------------------===*/

/* An input or output of an entry point: dims -1 are dynamic, named by syms
 * (NULL where unnamed). Outputs have dims and syms NULL. */
typedef struct asrc_rt_port {
  const char *name;
  asrc_dtype dtype;
  int32_t rank;
  const int64_t *dims;
  const char *const *syms;
} asrc_rt_port;

typedef asrc_error *(*asrc_rt_entry_fn)(asrc_model *model, const asrc_tensor *const *inputs,
                                        asrc_tensor *const *outputs);

typedef struct asrc_rt_entry {
  const char *name;
  int32_t num_inputs, num_outputs;
  const asrc_rt_port *inputs, *outputs;
  asrc_rt_entry_fn fn;
} asrc_rt_entry;

/* A decoder state: the step input `input` takes the step output `output` of
 * the previous step (rows reordered with the beams); before the first step
 * it is zeros, or (init 1) zeros with a 1 at index 0 of the last dim (the
 * previous alignment of location-aware attention). */
typedef struct asrc_rt_state {
  const char *input, *output;
  int32_t init;
} asrc_rt_state;

enum { ASRC_RT_DECODING_NONE = 0, ASRC_RT_DECODING_ATTENTION = 1, ASRC_RT_DECODING_CTC = 2 };

/* The spec's "decoding" object (docs/model-spec.md), by entry-point and port
 * names; checked by the frontend. */
typedef struct asrc_rt_decoding {
  int32_t kind;
  const char *encode; /* the encoder entry point */
  /* ctc */
  const char *log_probs, *lengths; /* encoder outputs; lengths may be NULL */
  int32_t blank;
  /* attention */
  const char *step, *token, *position; /* position may be NULL */
  const char *scores;                  /* step output [N, V] or [N, 1, V] */
  int32_t scores_are_logits;           /* 1: log_softmax first */
  const asrc_rt_state *states;
  int32_t num_states;
  const char *const *from_encoder; /* pairs (step input, encoder output) */
  int32_t num_from_encoder;
  const int32_t *start_tokens;
  int32_t num_start_tokens;
  int32_t end_token;
  int32_t max_length;
} asrc_rt_decoding;

/* Called by <model>_create after asrc_rt_model_create: the entry points (and
 * the decoding recipe, NULL if none) for asrc_model_call and asrc_decode.
 * The tables must outlive the model (generated code passes static data). */
void asrc_rt_model_set_program(asrc_model *model, const asrc_rt_entry *entries,
                               size_t num_entries, const asrc_rt_decoding *decoding);

/* Called by <model>_create: the JSON text asrc_model_info returns (static
 * data of the generated code, which must outlive the model). */
void asrc_rt_model_set_info(asrc_model *model, const char *info);

/* The data of weight `index` (order of the specs given at creation), 64-byte
 * aligned; NULL if `model` is NULL or `index` out of range. Valid until
 * asrc_model_destroy. Read-only: zero-copy weights live in a read-only map. */
const void *asrc_rt_weight(const asrc_model *model, size_t index);
/* Number of weights bound at creation (0 for NULL). */
size_t asrc_rt_num_weights(const asrc_model *model);
/* 1 if weight `index` points into the mapped file (zero-copy), 0 if it was
 * copied (or index/model invalid). For tests and diagnostics. */
int asrc_rt_weight_zero_copy(const asrc_model *model, size_t index);
/* The name given at creation ("" for NULL). */
const char *asrc_rt_model_name(const asrc_model *model);
/* The options given at creation (defaults if NULL was given); NULL for a NULL
 * model. */
const asrc_options *asrc_rt_model_options(const asrc_model *model);

/*===----------------------------------------------------------------------===*
 * Workspace arena
 *===----------------------------------------------------------------------===*/

/* A 64-byte aligned block of at least `bytes` bytes (0 is treated as 1) from
 * the model's pool, for one call's workspace. The pool keeps every block it
 * allocated and hands out the smallest free block that fits; when none
 * fits, a free block that is too small is replaced by a bigger one, else a
 * new block is allocated (sizes are rounded up by at most 12.5%). So once
 * the calls in flight have seen their largest shapes, acquire does not
 * allocate and the memory is already faulted in. Thread-safe (one mutex,
 * held for a short scan, never while touching memory).
 * Returns NULL only when memory runs out (report ASRC_OUT_OF_MEMORY).
 * With model NULL: a plain aligned heap allocation (release it with
 * asrc_rt_arena_release(NULL, p)). Block contents are unspecified. */
void *asrc_rt_arena_acquire(asrc_model *model, size_t bytes);
/* Returns a block to the pool (model NULL: frees it). NULL `block` is a
 * no-op; a pointer the pool did not hand out is ignored. Blocks still out at
 * asrc_model_destroy are freed then. */
void asrc_rt_arena_release(asrc_model *model, void *block);

typedef struct asrc_rt_arena_stats {
  size_t blocks;      /* blocks owned by the pool */
  size_t in_use;      /* blocks currently acquired */
  size_t bytes;       /* total bytes owned */
  size_t allocations; /* heap allocations made since creation */
} asrc_rt_arena_stats;
/* A snapshot of the pool (zeros for NULL). For tests and benchmarks. */
asrc_rt_arena_stats asrc_rt_arena_get_stats(asrc_model *model);

/*===----------------------------------------------------------------------===*
 * Tensors
 *===----------------------------------------------------------------------===*/

/* Largest tensor (in bytes spanned) the runtime hands to kernels: Halide's
 * buffers use 32-bit extents and strides and, without the `large_buffers`
 * target feature, at most 2^31 - 1 bytes per buffer. */
#define ASRC_RT_MAX_TENSOR_BYTES ((int64_t)0x7fffffff)

/* Symbolic dims of one call: each name ("B", "T", ...) is bound to the value
 * of its first occurrence (remembering which input and dim bound it) and
 * every later occurrence must match. Zero-initialize one per call:
 * `asrc_rt_symbols syms = {0};`. Names are compared with strcmp and must
 * outlive the struct (string literals). */
#define ASRC_RT_MAX_SYMBOLS 16
typedef struct asrc_rt_symbols {
  int32_t count;
  const char *names[ASRC_RT_MAX_SYMBOLS];
  int64_t values[ASRC_RT_MAX_SYMBOLS];
  const char *bound_by[ASRC_RT_MAX_SYMBOLS]; /* input name */
  int32_t bound_dim[ASRC_RT_MAX_SYMBOLS];
} asrc_rt_symbols;

/* Looks up symbol `name`: returns 1 and sets *value (if non-NULL) when bound,
 * else 0. */
int asrc_rt_symbol(const asrc_rt_symbols *symbols, const char *name,
                   int64_t *value);
/* Binds `name` = `value` up front (e.g. a value implied by the model, such as
 * a cache size), recorded as bound by `source`. Fails (ASRC_INVALID_ARGUMENT)
 * if it is bound to another value, ASRC_INTERNAL if the table is full. */
asrc_error *asrc_rt_bind_symbol(asrc_rt_symbols *symbols, const char *entry,
                                const char *name, int64_t value,
                                const char *source);

/* Checks an input tensor against what entry point `entry` expects of input
 * `name`: `dtype`, `rank` and `dims` (rank values; >= 0 static, -1 dynamic).
 * `dim_names` (may be NULL, as may any element) names the symbol of each
 * dynamic dim; named dims are unified through `symbols` (may be NULL: no
 * unification), a symbol repeated within the tensor must match too. Symbols
 * are bound only when the whole check passes.
 *
 * Checks, in order: t and t->data non-NULL (also for empty tensors), rank in
 * [0, ASRC_MAX_RANK], dtype, rank, no negative dim, static dims, symbols,
 * strides, size. Allowed strides: all 0 (dense row-major), or explicit
 * strides where every dim of extent > 1 has stride >= 1 (dims of extent 0 or
 * 1 may hold any stride; it is never used). Overlapping views are allowed
 * (inputs are only read). The bytes spanned must be <=
 * ASRC_RT_MAX_TENSOR_BYTES and every stride must fit in int32.
 * Errors are ASRC_INVALID_ARGUMENT, e.g.
 *   "encode: input 'features' has shape [2, 100, 81]: expected [B, T, 80] (dim 2)"
 *   "encode: input 'lengths' has shape [3]: expected [B] (dim 0: B = 2 from
 *    input 'features' dim 0)"
 * (ASRC_INTERNAL for a symbol table overflow or a bad expected rank). */
asrc_error *asrc_rt_check_input(const asrc_tensor *t, const char *entry,
                                const char *name, asrc_dtype dtype,
                                int32_t rank, const int64_t *dims,
                                const char *const *dim_names,
                                asrc_rt_symbols *symbols);

/* Prepares output `name` of dtype/rank/shape (all static by now):
 *  * out->data == NULL: allocates a dense tensor (asrc_tensor_alloc: 64-byte
 *    aligned, contents unspecified, strides set to 0) which the caller frees
 *    with asrc_tensor_free. If the call fails after this, the generated code
 *    should free it (remember whether data was NULL before the call);
 *  * out->data != NULL: the caller's buffer must have exactly this dtype,
 *    rank and shape and be dense (strides all 0, or equal to the dense
 *    row-major strides; strides of extent-1 dims are not checked). Outputs
 *    are never strided: kernels write them with several threads.
 * Errors: ASRC_INVALID_ARGUMENT (out NULL, mismatch: "encode: output 'logits'
 * has shape [2, 50]: expected [2, 51] (dim 1)"), ASRC_OUT_OF_MEMORY. */
asrc_error *asrc_rt_prepare_output(asrc_tensor *out, const char *entry,
                                   const char *name, asrc_dtype dtype,
                                   int32_t rank, const int64_t *shape);

/* 1 if `t` is dense row-major: strides all 0, or equal to the dense strides
 * on every dim of extent > 1. 0 otherwise (and for NULL). */
int asrc_rt_tensor_is_dense(const asrc_tensor *t);
/* Number of elements of `t` (product of its shape; 0 for NULL or a negative
 * dim). Assumes a checked tensor (no overflow check). */
int64_t asrc_rt_tensor_elements(const asrc_tensor *t);
/* Copies a (possibly strided, checked) tensor into `dst` as a dense
 * row-major array of the same dtype (dst holds elements * dtype size bytes);
 * the way to hand a strided input to a kernel that wants dense data. */
void asrc_rt_copy_to_dense(const asrc_tensor *t, void *dst);

/*===----------------------------------------------------------------------===*
 * Halide glue
 *===----------------------------------------------------------------------===*/

/* Fills `buf` (and `dims`, room for `rank` entries, owned by the caller and
 * pointed to by buf->dim) to describe `data` of `dtype` and row-major
 * `shape`, in Halide's order: Halide dim 0 is the innermost (row-major last)
 * dim, i.e. dims[i] describes shape[rank - 1 - i]. `strides` (elements,
 * row-major order) NULL = dense; strides of extent-1 dims are replaced by the
 * dense value. No device, no flags. Fails (ASRC_INVALID_ARGUMENT) when an
 * extent, stride or the bytes spanned do not fit Halide's 32-bit fields
 * (ASRC_RT_MAX_TENSOR_BYTES), or on a bad rank/dtype/NULL buf; on failure
 * buf is zeroed. */
asrc_error *asrc_rt_buffer(halide_buffer_t *buf, halide_dimension_t *dims,
                           void *data, asrc_dtype dtype, int32_t rank,
                           const int64_t *shape, const int64_t *strides);
/* asrc_rt_buffer for a (checked) tensor view: passes t->strides unless the
 * tensor is dense. `dims` needs room for t->rank entries. */
asrc_error *asrc_rt_tensor_buffer(halide_buffer_t *buf,
                                  halide_dimension_t *dims,
                                  const asrc_tensor *t);

/* Per-call context, passed as Halide's user_context (compile pipelines with
 * the `user_context` target feature and pass &call as their first argument).
 * Zero-initialize: `asrc_rt_call call = {0};`. halide_error stores the first
 * error message of the call here. */
typedef struct asrc_rt_call {
  char error[1024];
  int32_t error_set; /* set atomically by the first halide_error */
} asrc_rt_call;

/* Turns a Halide pipeline's result into an error: NULL when halide_result is
 * 0, else ASRC_KERNEL_ERROR "entry: kernel 'kernel' failed: <message>" with
 * the message halide_error stored in `call` (or, when the pipeline had no
 * user_context, the last one stored on this thread), or "(Halide error
 * <code>)" when there is none. Clears the stored message. */
asrc_error *asrc_rt_kernel_status(asrc_rt_call *call, const char *entry,
                                  const char *kernel, int halide_result);

/* Defined by the runtime, overriding the Halide runtime's weak versions (they
 * live in the same object file as asrc_rt_kernel_status and asrc_rt_buffer,
 * so the linker pulls them in with those):
 *   void halide_error(void *user_context, const char *msg): copies msg
 *     (without its trailing newline) into ((asrc_rt_call *)user_context)->
 *     error if no error is stored there yet (thread-safe), or into a
 *     thread-local slot when user_context is NULL; never prints;
 *   void halide_print(void *user_context, const char *msg): does nothing.
 * (Declared in HalideRuntime.h.) */

/*===----------------------------------------------------------------------===*
 * Recurrences (f32, PyTorch semantics)
 *===----------------------------------------------------------------------===*/

/* One direction of an LSTM or GRU layer over time:
 *   G = 4 (LSTM gates i, f, g, o) or 3 (GRU gates r, z, n), in PyTorch order.
 *   xg    [B, T, G*H] input projection, row (b, t) at xg + (b*T + t) *
 *         xg_row_stride (0 = G*H). LSTM: x W_ih^T + b_ih + b_hh (both biases
 *         folded in). GRU: x W_ih^T + b_ih only (b_hh must stay separate).
 *         A bidirectional layer may compute both directions as one [B, T,
 *         2*G*H] projection: backward xg = base + G*H, row stride 2*G*H.
 *   w_hh  [G*H, H] dense row-major (PyTorch's weight_hh).
 *   b_hh  [G*H]: GRU: required. LSTM: optional, added to the gates if
 *         non-NULL (pass NULL when folded into xg).
 *   lengths [B] (NULL = all T), dtype ASRC_I32 or ASRC_I64, each in [0, T]:
 *         frames t >= lengths[b] are padding: their output is 0 and they do
 *         not touch the state (packed-sequence semantics).
 *   reverse: 0 forward (t = 0 .. len-1), 1 backward (t = len-1 .. 0).
 *   h0, c0 [B, H] initial states, dense (NULL = zeros; c0 LSTM only).
 *   out   [B, T, H], row (b, t) at out + (b*T + t) * out_row_stride (0 = H),
 *         so the two directions of a bidirectional layer write their halves
 *         of [B, T, 2H] with out_row_stride = 2H (backward: out = base + H).
 *         Must not overlap xg.
 *   h_n, c_n [B, H] optional final states (NULL = not wanted): the state
 *         after the last valid frame (h0/c0 or zeros for length 0).
 * Scratch comes from `model`'s arena (model may be NULL: heap). */
typedef struct asrc_rt_rnn {
  int64_t batch, time, hidden; /* B, T, H */
  const float *xg;
  int64_t xg_row_stride;
  const float *w_hh;
  const float *b_hh;
  const void *lengths;
  asrc_dtype lengths_dtype;
  int32_t reverse;
  const float *h0, *c0;
  float *out;
  int64_t out_row_stride;
  float *h_n, *c_n;
} asrc_rt_rnn;

/* The LSTM recurrence: per valid frame, gates = xg + W_hh h (+ b_hh);
 * c = sigmoid(f) * c + sigmoid(i) * tanh(g); h = sigmoid(o) * tanh(c).
 * Errors (ASRC_INVALID_ARGUMENT, "<entry>: lstm: ..."): NULL args, negative
 * sizes, strides below G*H / H, a length outside [0, T], bad lengths dtype;
 * ASRC_OUT_OF_MEMORY for scratch. */
asrc_error *asrc_rt_lstm(asrc_model *model, const char *entry,
                         const asrc_rt_rnn *args);
/* The GRU recurrence: hg = W_hh h + b_hh; r = sigmoid(xg_r + hg_r),
 * z = sigmoid(xg_z + hg_z), n = tanh(xg_n + r * hg_n), h = (1 - z) n + z h.
 * c0/c_n must be NULL. Errors as asrc_rt_lstm ("<entry>: gru: ..."). */
asrc_error *asrc_rt_gru(asrc_model *model, const char *entry,
                        const asrc_rt_rnn *args);

/* One decoder step of a full cell, all arrays dense row-major f32:
 *   x [B, I], h [B, H], c [B, H] (LSTM only; GRU: NULL),
 *   w_ih [G*H, I], w_hh [G*H, H], b_ih, b_hh [G*H] (NULL = zero),
 *   h_out [B, H], c_out [B, H] (LSTM only). h_out/c_out may be the same
 *   arrays as h/c (update in place) but must not partially overlap them.
 * Scratch from `model`'s arena (NULL: heap). */
typedef struct asrc_rt_cell {
  int64_t batch, input, hidden; /* B, I, H */
  const float *x, *h, *c;
  const float *w_ih, *w_hh, *b_ih, *b_hh;
  float *h_out, *c_out;
} asrc_rt_cell;

/* gates = W_ih x + b_ih + W_hh h + b_hh, then as asrc_rt_lstm. */
asrc_error *asrc_rt_lstm_cell(asrc_model *model, const char *entry,
                              const asrc_rt_cell *args);
/* gi = W_ih x + b_ih, gh = W_hh h + b_hh; r, z, n and h' as asrc_rt_gru. */
asrc_error *asrc_rt_gru_cell(asrc_model *model, const char *entry,
                             const asrc_rt_cell *args);

/*===----------------------------------------------------------------------===*
 * CUDA (runtime/Cuda.cpp)
 *
 * A library compiled for CUDA embeds its kernels as a fatbin image (sm_80,
 * sm_90 and PTX) and calls asrc_rt_model_set_cuda from <model>_create.
 * The runtime loads the CUDA driver (libcuda.so.1, or the library named by
 * the environment variable ASRC_CUDA_DRIVER) with dlopen when a model first
 * needs it, so a `host,cuda` library loads and runs on the CPU where there
 * is no driver. Weights are uploaded once at creation; each call takes a
 * stream and device workspace from per-model pools and gives them back.
 *===----------------------------------------------------------------------===*/

/* Chooses the model's device from options->device (and ASRC_DEVICE) and,
 * for CUDA, selects the GPU, loads `image` (fatbin_size bytes) and uploads
 * every weight. has_host: the library also has CPU code (AUTO then falls
 * back to the CPU when CUDA is unusable, and the fallback is not an error).
 * Errors: ASRC_INVALID_ARGUMENT (a device the library lacks, a bad ordinal),
 * ASRC_KERNEL_ERROR (the CUDA driver's error, with its name and string),
 * ASRC_OUT_OF_MEMORY (device memory). */
asrc_error *asrc_rt_model_set_cuda(asrc_model *model, const void *image, size_t image_size,
                                   int has_host);
/* 1 if the model runs on the GPU. */
int asrc_rt_model_on_cuda(const asrc_model *model);

/* One call's CUDA state: its stream, device memory, pending downloads. */
typedef struct asrc_rt_cuda_call asrc_rt_cuda_call;

/* Starts a call: a stream from the model's pool. */
asrc_error *asrc_rt_cuda_begin(asrc_model *model, const char *entry, asrc_rt_cuda_call **call);
/* Waits for the stream and gives everything back; returns `err` if set
 * (the call's own failure), else the first CUDA error of the call, else
 * NULL. `call` may be NULL (returns err). */
asrc_error *asrc_rt_cuda_end(asrc_rt_cuda_call *call, asrc_error *err);
/* Device memory for the rest of the call (256-byte aligned; bytes 0 gives
 * a valid pointer). */
asrc_error *asrc_rt_cuda_alloc(asrc_rt_cuda_call *call, size_t bytes, void **device_ptr);
/* The device copy of weight `index`. */
void *asrc_rt_cuda_weight(const asrc_model *model, size_t index);
/* Host -> device, device -> host (complete after asrc_rt_cuda_sync or
 * asrc_rt_cuda_end), device -> device, and a zero fill, on the call's
 * stream. */
asrc_error *asrc_rt_cuda_upload(asrc_rt_cuda_call *call, void *device_dst, const void *host_src,
                                size_t bytes);
asrc_error *asrc_rt_cuda_download(asrc_rt_cuda_call *call, void *host_dst, const void *device_src,
                                  size_t bytes);
asrc_error *asrc_rt_cuda_copy(asrc_rt_cuda_call *call, void *device_dst, const void *device_src,
                              size_t bytes);
asrc_error *asrc_rt_cuda_zero(asrc_rt_cuda_call *call, void *device_dst, size_t bytes);
/* Waits for the call's stream (before host code reads a download). */
asrc_error *asrc_rt_cuda_sync(asrc_rt_cuda_call *call);
/* Fills the tensor slot `index` of `args` (row-major dims; strides NULL =
 * dense). */
void asrc_rt_cuda_arg(asrc_cu_args *args, int index, const void *device_ptr, asrc_dtype dtype,
                      int32_t rank, const int64_t *dims, const int64_t *strides);
/* Runs `plan` on `args` and launches its steps on the call's stream;
 * `where` ("<entry>: <op location>") prefixes any error. */
asrc_error *asrc_rt_cuda_launch(asrc_rt_cuda_call *call, asrc_cu_plan_fn plan, asrc_cu_args *args,
                                const char *where);

#ifdef __cplusplus
}
#endif

#endif /* ASRC_RT_H */
