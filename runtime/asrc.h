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

typedef struct asrc_options {
  /* Threads for the kernels; 0 = all cores. Halide's thread pool is shared
   * by the process: the last model created sets it. */
  int32_t threads;
} asrc_options;

typedef struct asrc_model asrc_model;

void asrc_model_destroy(asrc_model *model);

/* The model's name (as in lib<model>.so), valid until asrc_model_destroy;
 * "" for NULL. (Added with the runtime implementation.) */
const char *asrc_model_name(const asrc_model *model);

/* A dense tensor of `dtype` and `shape`, data allocated by the runtime
 * (64-byte aligned); release with asrc_tensor_free. */
asrc_error *asrc_tensor_alloc(asrc_dtype dtype, int32_t rank, const int64_t *shape,
                              asrc_tensor *out);
/* Frees data allocated by asrc_tensor_alloc or returned in an output. */
void asrc_tensor_free(asrc_tensor *tensor);

/* "0.1.0" */
const char *asrc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ASRC_H */
