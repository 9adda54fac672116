/*===- asrc.h - the asrc runtime C API ---------------------------*- C -*-===*
 *
 * Every library asrc compiles (lib<model>.so) exports this API plus, in its
 * generated <model>.h, one function per entry point. No function aborts,
 * exits or throws: failures return an asrc_error (NULL means success) with a
 * code and a message naming what was wrong. A model may be called from
 * several threads at once: each call takes its own workspace arena.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ASRC_H
#define ASRC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ASRC_VERSION_MAJOR 0
#define ASRC_VERSION_MINOR 1
#define ASRC_VERSION_PATCH 0
#define ASRC_MAX_RANK 8

typedef enum asrc_dtype {
  ASRC_F32 = 0,
  ASRC_F16 = 1,
  ASRC_BF16 = 2,
  ASRC_I32 = 3,
  ASRC_I64 = 4,
} asrc_dtype;

/* A tensor view: the caller owns `data` unless a function says otherwise.
 * `strides` are in elements; a tensor whose strides are all 0 is dense
 * row-major. Shapes are row-major: shape[0] is the outermost dim. */
typedef struct asrc_tensor {
  asrc_dtype dtype;
  int32_t rank;
  int64_t shape[ASRC_MAX_RANK];
  int64_t strides[ASRC_MAX_RANK];
  void *data;
} asrc_tensor;

typedef enum asrc_code {
  ASRC_OK = 0,
  ASRC_INVALID_ARGUMENT = 1, /* null pointer, bad rank, shape or dtype */
  ASRC_IO_ERROR = 2,         /* a file could not be read */
  ASRC_BAD_WEIGHTS = 3,      /* weights file malformed or not matching the model */
  ASRC_OUT_OF_MEMORY = 4,
  ASRC_KERNEL_ERROR = 5,     /* a kernel failed (e.g. a token id out of range) */
  ASRC_INTERNAL = 6,
} asrc_code;

typedef struct asrc_error asrc_error;

asrc_code asrc_error_code(const asrc_error *error);
const char *asrc_error_message(const asrc_error *error);
void asrc_error_free(asrc_error *error);

/* Where a model runs. A library compiled with `asrc --target=host,cuda`
 * has both; `--target=cuda` only the GPU code, `host` (the default) only
 * the CPU code. */
typedef enum asrc_device {
  ASRC_DEVICE_AUTO = 0, /* the GPU when the library has CUDA code and a GPU
                         * is usable, else the CPU; the environment variable
                         * ASRC_DEVICE=host|cuda overrides it */
  ASRC_DEVICE_HOST = 1, /* the CPU (an error if the library has no CPU code) */
  ASRC_DEVICE_CUDA = 2, /* the GPU (an error, with the CUDA reason, if none is
                         * usable or the library has no CUDA code) */
} asrc_device;

typedef struct asrc_options {
  /* Threads for the kernels; 0 = all cores (or HL_NUM_THREADS). The Halide
   * runtime inside lib<model>.so, and so its thread pool, is shared by every
   * model of that library in the process (and by other asrc libraries that
   * the dynamic linker binds to the same copy): the last model created sets
   * its size (docs/runtime-api.md, "Models and threads"). */
  int32_t threads;
  int32_t device;      /* an asrc_device; 0 (zero-initialized) = AUTO */
  int32_t cuda_device; /* GPU ordinal for CUDA (0 = the first) */
} asrc_options;

typedef struct asrc_model asrc_model;

void asrc_model_destroy(asrc_model *model);

/* The model's name (as in lib<model>.so), valid until asrc_model_destroy;
 * "" for NULL. (Added with the runtime implementation.) */
const char *asrc_model_name(const asrc_model *model);

/* Where the model runs: "cpu" or "cuda:<ordinal> (<GPU name>)" (valid until
 * asrc_model_destroy; "" for NULL). */
const char *asrc_model_device(const asrc_model *model);

/* What the model is, as a JSON object (valid until asrc_model_destroy; "{}"
 * for NULL): {"model": name, "entries": [entry point names], "decoding":
 * "attention" | "ctc" | null, "transcription": the spec's "transcription"
 * object with its defaults filled in ({"sample_rate", "tokens",
 * "separator", "window_seconds"}) or null}. asr-run and the Python module
 * read it to turn audio into text (docs/runtime-api.md). */
const char *asrc_model_info(const asrc_model *model);

/* A dense tensor of `dtype` and `shape`, data allocated by the runtime
 * (64-byte aligned); release with asrc_tensor_free. */
asrc_error *asrc_tensor_alloc(asrc_dtype dtype, int32_t rank, const int64_t *shape,
                              asrc_tensor *out);
/* Frees data allocated by asrc_tensor_alloc or returned in an output. */
void asrc_tensor_free(asrc_tensor *tensor);

/*===----------------------------------------------------------------------===*
 * Entry points by name
 *===----------------------------------------------------------------------===*/

/* Runs entry point `entry` (as <model>_<entry> in <model>.h does) with its
 * inputs and outputs in the header's order: the generic form, for code that
 * drives any model (the decoders below use it). ASRC_INVALID_ARGUMENT for an
 * unknown entry or a wrong count. */
asrc_error *asrc_model_call(asrc_model *model, const char *entry,
                            const asrc_tensor *const *inputs, size_t num_inputs,
                            asrc_tensor *const *outputs, size_t num_outputs);

/*===----------------------------------------------------------------------===*
 * Decoding: speech in, token ids out (docs/runtime-api.md)
 *===----------------------------------------------------------------------===*/

typedef struct asrc_decode_options {
  /* Hypotheses kept per utterance: 1 (or 0) is greedy decoding; at most
   * 4096. */
  int32_t beam_width;
  /* Tokens generated per utterance at most (attention decoders; the start
   * tokens do not count); 0: the spec's "decoding.max_length". */
  int32_t max_length;
  /* Hypotheses are ranked by score / length^length_penalty (length: the
   * generated tokens, the end token included): 0 ranks by the summed
   * log-probability, 1 by its mean. CTC ignores it. */
  float length_penalty;
  /* Hypotheses returned per utterance, best first: 0 or 1 = the best only;
   * at most beam_width. */
  int32_t nbest;
} asrc_decode_options;

typedef struct asrc_hypothesis {
  int32_t *tokens; /* token ids: no start tokens, no end token, no blanks */
  int32_t length;
  float score;      /* summed log-probability of the tokens (end included) */
  float normalized; /* the ranking score (see length_penalty) */
  int32_t finished; /* 1: ended with the end token (CTC: always 1) */
} asrc_hypothesis;

/* hyps[b * nbest + i]: utterance b's i-th best hypothesis. An utterance with
 * fewer than nbest hypotheses has the rest empty (tokens NULL, length 0,
 * score -INFINITY). Release with asrc_transcripts_free. */
typedef struct asrc_transcripts {
  int32_t batch;
  int32_t nbest;
  asrc_hypothesis *hyps;
  /* asrc_decode's wall time in seconds: the encoder entry point (with the
   * front end when the model takes samples) and the search after it
   * (both 0 from asrc_ctc_decode). */
  double encode_seconds;
  double decode_seconds;
} asrc_transcripts;

void asrc_transcripts_free(asrc_transcripts *transcripts);

/* Runs the model's "decoding" recipe (the spec's "decoding" object; models
 * without one fail with ASRC_INVALID_ARGUMENT) on a batch of utterances:
 * its encoder entry point on `inputs` (the encoder's inputs, in its order),
 * then
 *  * "attention": greedy or beam search over the step entry point (and its
 *    <step>_prepare, once), batched over utterances x beams;
 *  * "ctc": greedy or prefix beam search over the encoder's log-probs.
 * `options` NULL: greedy, the spec's max_length, length_penalty 1. */
asrc_error *asrc_decode(asrc_model *model, const asrc_tensor *const *inputs,
                        size_t num_inputs, const asrc_decode_options *options,
                        asrc_transcripts *out);

/* CTC decoding of log-probabilities [B, T, V] (f32) with optional valid
 * frame counts [B] (i32 or i64; NULL: all T): beam_width <= 1 is greedy
 * (best token per frame, repeats merged, blanks dropped), larger is prefix
 * beam search (Hannun et al. 2014), both in float64. */
asrc_error *asrc_ctc_decode(const asrc_tensor *log_probs, const asrc_tensor *lengths,
                            int32_t blank, const asrc_decode_options *options,
                            asrc_transcripts *out);

/*===----------------------------------------------------------------------===*
 * Audio input: WAV and FLAC files, resampling (docs/runtime-api.md)
 *===----------------------------------------------------------------------===*/

/* Sample rates the audio functions accept, in Hz (files, targets, both
 * sides of a resampling). */
#define ASRC_AUDIO_MIN_RATE 1000
#define ASRC_AUDIO_MAX_RATE 768000
/* Channels a file may have. */
#define ASRC_AUDIO_MAX_CHANNELS 256

/* Reads the audio file at `path` (libsndfile) into `out`: a dense f32 tensor
 * of rank 1, [samples], mono (the mean of the file's channels), integer PCM
 * scaled to [-1, 1] (float files as stored), allocated by the runtime
 * (release with asrc_tensor_free; whatever `out` held is overwritten, not
 * freed, and left untouched on failure). `sample_rate` 0 keeps the file's
 * rate; any other value resamples to it (asrc_audio_resample). `out_rate`
 * (may be NULL) receives the rate of `out`.
 *
 * Formats: WAV (RIFF/WAVE, WAVE_FORMAT_EXTENSIBLE included) holding integer
 * PCM of 8, 16, 24 or 32 bits or IEEE float of 32 or 64 bits, and FLAC;
 * 1 to ASRC_AUDIO_MAX_CHANNELS channels, ASRC_AUDIO_MIN_RATE to
 * ASRC_AUDIO_MAX_RATE Hz, at most 2^31 - 1 samples. The header is checked before anything is decoded:
 * chunk sizes must fit inside the file (0xFFFFFFFF, "unknown" for streamed
 * WAVs, means up to the end of the file) and agree with the format. Errors
 * name the file and the problem: ASRC_IO_ERROR for a file that cannot be
 * opened or read, is a directory, is empty, truncated or malformed, or has
 * an unsupported container or encoding (or a non-finite float sample);
 * ASRC_INVALID_ARGUMENT for NULL pointers and a `sample_rate` out of range.
 * Thread-safe. */
asrc_error *asrc_audio_read(const char *path, int32_t sample_rate, asrc_tensor *out,
                            int32_t *out_rate);

/* asrc_audio_read on the `size` bytes at `data` (a WAV or FLAC file held in
 * memory; the caller keeps it). `name` (may be NULL: "<memory>") names the
 * buffer in error messages. */
asrc_error *asrc_audio_read_memory(const void *data, size_t size, const char *name,
                                   int32_t sample_rate, asrc_tensor *out,
                                   int32_t *out_rate);

/* Resamples the `n` mono samples at `in` from `from_rate` to `to_rate` Hz
 * (libsoxr, high quality: 20-bit, linear phase, no delay) into `out`: a
 * dense f32 tensor [ceil(n * to_rate / from_rate)] allocated by the runtime
 * (release with asrc_tensor_free; overwritten, not freed). Equal rates copy.
 * ASRC_INVALID_ARGUMENT for a NULL pointer (`in` may be NULL when n is 0),
 * n < 0, or a rate outside ASRC_AUDIO_MIN_RATE..ASRC_AUDIO_MAX_RATE. */
asrc_error *asrc_audio_resample(const float *in, int64_t n, int32_t from_rate,
                                int32_t to_rate, asrc_tensor *out);

/* "0.1.0" */
const char *asrc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ASRC_H */
