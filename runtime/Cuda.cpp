//===- Cuda.cpp - the CUDA side of the runtime ----------------------------===//
//
// The CUDA driver API, loaded with dlopen (libcuda.so.1, or the library the
// environment variable ASRC_CUDA_DRIVER names: the CPU emulator of
// test/cuda-emu in tests), so that no lib<model>.so depends on CUDA at load
// time. A model on the GPU holds: the primary context of its device, the
// module loaded from the library's fatbin, every weight in device memory
// (uploaded once), and pools of device memory blocks and streams that calls
// take and give back (a call never waits on another call's work).
//
// The driver's types and entry points are declared here (the subset used,
// with the ABI of cuda.h's _v2 symbols), so the runtime builds without the
// CUDA toolkit.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace asrc_rt;

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
constexpr CUresult CUDA_SUCCESS = 0;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;

/// The driver entry points, resolved once per process.
struct Driver {
  void *handle = nullptr;
  std::string error; // why it could not be loaded
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxPushCurrent)(CUcontext);
  CUresult (*cuCtxPopCurrent)(CUcontext *);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);
  CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD8Async)(CUdeviceptr, unsigned char, size_t, CUstream);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, CUstream, void **, void **);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
};

template <typename F> bool resolve(void *handle, F &fn, const char *name, std::string &error) {
  fn = reinterpret_cast<F>(dlsym(handle, name));
  if (!fn && error.empty())
    error = std::string("the CUDA driver has no ") + name;
  return fn != nullptr;
}

/// The process's driver (loaded on first use; immutable afterwards).
const Driver &driver() {
  static Driver d;
  static std::once_flag once;
  std::call_once(once, [] {
    const char *path = std::getenv("ASRC_CUDA_DRIVER");
    if (!path || !*path)
      path = "libcuda.so.1";
    d.handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!d.handle) {
      const char *why = dlerror();
      d.error = std::string("cannot load the CUDA driver ") + path + " (" +
                (why ? why : "unknown reason") + "): no NVIDIA driver on this machine?";
      return;
    }
    std::string &e = d.error;
    resolve(d.handle, d.cuInit, "cuInit", e);
    resolve(d.handle, d.cuDeviceGetCount, "cuDeviceGetCount", e);
    resolve(d.handle, d.cuDeviceGet, "cuDeviceGet", e);
    resolve(d.handle, d.cuDeviceGetName, "cuDeviceGetName", e);
    resolve(d.handle, d.cuDeviceGetAttribute, "cuDeviceGetAttribute", e);
    resolve(d.handle, d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", e);
    resolve(d.handle, d.cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", e);
    resolve(d.handle, d.cuCtxPushCurrent, "cuCtxPushCurrent_v2", e);
    resolve(d.handle, d.cuCtxPopCurrent, "cuCtxPopCurrent_v2", e);
    resolve(d.handle, d.cuModuleLoadData, "cuModuleLoadData", e);
    resolve(d.handle, d.cuModuleUnload, "cuModuleUnload", e);
    resolve(d.handle, d.cuModuleGetFunction, "cuModuleGetFunction", e);
    resolve(d.handle, d.cuMemAlloc, "cuMemAlloc_v2", e);
    resolve(d.handle, d.cuMemFree, "cuMemFree_v2", e);
    resolve(d.handle, d.cuMemcpyHtoD, "cuMemcpyHtoD_v2", e);
    resolve(d.handle, d.cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", e);
    resolve(d.handle, d.cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", e);
    resolve(d.handle, d.cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2", e);
    resolve(d.handle, d.cuMemsetD8Async, "cuMemsetD8Async", e);
    resolve(d.handle, d.cuStreamCreate, "cuStreamCreate", e);
    resolve(d.handle, d.cuStreamDestroy, "cuStreamDestroy_v2", e);
    resolve(d.handle, d.cuStreamSynchronize, "cuStreamSynchronize", e);
    resolve(d.handle, d.cuLaunchKernel, "cuLaunchKernel", e);
    resolve(d.handle, d.cuGetErrorName, "cuGetErrorName", e);
    resolve(d.handle, d.cuGetErrorString, "cuGetErrorString", e);
    if (e.empty()) {
      CUresult r = d.cuInit(0);
      if (r != CUDA_SUCCESS) {
        const char *name = nullptr, *text = nullptr;
        d.cuGetErrorName(r, &name);
        d.cuGetErrorString(r, &text);
        e = std::string("cuInit failed: ") + (name ? name : "?") + ": " + (text ? text : "?");
      }
    }
  });
  return d;
}

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)".
std::string describe(CUresult r) {
  const Driver &d = driver();
  const char *name = nullptr, *text = nullptr;
  if (d.cuGetErrorName)
    d.cuGetErrorName(r, &name);
  if (d.cuGetErrorString)
    d.cuGetErrorString(r, &text);
  return std::string(name ? name : "CUDA error " + std::to_string(r)) + " (" +
         (text ? text : "no description") + ")";
}

asrc_error *cudaError(CUresult r, const std::string &where, const char *what) {
  return asrc_rt_error(r == 2 /* CUDA_ERROR_OUT_OF_MEMORY */ ? ASRC_OUT_OF_MEMORY
                                                             : ASRC_KERNEL_ERROR,
                       "%s: %s: %s", where.c_str(), what, describe(r).c_str());
}

struct DeviceBlock {
  CUdeviceptr ptr = 0;
  size_t size = 0;
  bool inUse = false;
};

} // namespace

namespace asrc_rt {

struct CudaState {
  int ordinal = 0;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUmodule module = nullptr;
  std::vector<CUdeviceptr> weights; // by spec index

  std::mutex mutex; // guards everything below
  std::map<std::string, CUfunction> functions;
  std::vector<DeviceBlock> blocks;
  std::vector<CUstream> freeStreams;
};

void destroyCuda(asrc_model *model) {
  CudaState *s = model->cuda;
  if (!s)
    return;
  model->cuda = nullptr;
  const Driver &d = driver();
  if (s->context && d.cuCtxPushCurrent(s->context) == CUDA_SUCCESS) {
    for (CUstream st : s->freeStreams)
      d.cuStreamDestroy(st);
    for (const DeviceBlock &b : s->blocks)
      d.cuMemFree(b.ptr);
    for (CUdeviceptr w : s->weights)
      if (w)
        d.cuMemFree(w);
    if (s->module)
      d.cuModuleUnload(s->module);
    CUcontext popped;
    d.cuCtxPopCurrent(&popped);
    d.cuDevicePrimaryCtxRelease(s->device);
  }
  delete s;
}

} // namespace asrc_rt

/// One call on the GPU.
struct asrc_rt_cuda_call {
  asrc_model *model = nullptr;
  CudaState *state = nullptr;
  std::string entry;
  CUstream stream = nullptr;
  bool pushed = false;
  std::vector<CUdeviceptr> blocks; // taken from the pool for this call
  asrc_error *firstError = nullptr;
};

namespace {

/// Makes the model's context current on this thread for a scope.
struct ContextScope {
  bool ok = false;
  explicit ContextScope(CudaState *s) {
    ok = driver().cuCtxPushCurrent(s->context) == CUDA_SUCCESS;
  }
  ~ContextScope() {
    if (ok) {
      CUcontext popped;
      driver().cuCtxPopCurrent(&popped);
    }
  }
};

/// Selects and initializes the GPU and uploads the weights.
asrc_error *initCuda(asrc_model *model, const void *image, int ordinal) {
  const Driver &d = driver();
  const std::string where = model->name;
  if (!d.error.empty())
    return asrc_rt_error(ASRC_KERNEL_ERROR, "%s: %s", where.c_str(), d.error.c_str());
  int count = 0;
  if (CUresult r = d.cuDeviceGetCount(&count))
    return cudaError(r, where, "cannot count the GPUs");
  if (count == 0)
    return asrc_rt_error(ASRC_KERNEL_ERROR, "%s: the CUDA driver sees no GPU", where.c_str());
  if (ordinal < 0 || ordinal >= count)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: options.cuda_device is %d but this machine has %d GPU%s",
                         where.c_str(), ordinal, count, count == 1 ? "" : "s");
  auto s = std::make_unique<CudaState>();
  s->ordinal = ordinal;
  if (CUresult r = d.cuDeviceGet(&s->device, ordinal))
    return cudaError(r, where, "cannot open the GPU");
  int major = 0, minor = 0;
  d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, s->device);
  d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, s->device);
  char name[256] = {0};
  d.cuDeviceGetName(name, sizeof(name) - 1, s->device);
  if (major && major < 8)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                         "%s: GPU %d (%s) has compute capability %d.%d: asrc's CUDA code "
                         "needs 8.0 or newer",
                         where.c_str(), ordinal, name, major, minor);
  if (CUresult r = d.cuDevicePrimaryCtxRetain(&s->context, s->device))
    return cudaError(r, where, "cannot create a context on the GPU");
  CudaState *raw = s.release();
  model->cuda = raw; // destroyCuda releases what follows on failure
  ContextScope scope(raw);
  if (!scope.ok)
    return asrc_rt_error(ASRC_KERNEL_ERROR, "%s: cannot make the GPU context current",
                         where.c_str());
  if (CUresult r = d.cuModuleLoadData(&raw->module, image))
    return cudaError(r, where, "cannot load the model's CUDA kernels");
  raw->weights.assign(model->weights.size(), 0);
  for (size_t i = 0; i < model->weights.size(); ++i) {
    size_t n = model->weightBytes[i];
    if (CUresult r = d.cuMemAlloc(&raw->weights[i], n ? n : 1))
      return cudaError(r, where, "cannot allocate device memory for the weights");
    if (n)
      if (CUresult r = d.cuMemcpyHtoD(raw->weights[i], model->weights[i], n))
        return cudaError(r, where, "cannot upload the weights");
  }
  model->device = "cuda:" + std::to_string(ordinal) + " (" + name + ")";
  return nullptr;
}

} // namespace

extern "C" {

asrc_error *asrc_rt_model_set_cuda(asrc_model *model, const void *image, size_t image_size,
                                   int has_host) {
  if (!model)
    return asrc_rt_error(ASRC_INVALID_ARGUMENT, "model_set_cuda: the model is NULL");
  return guarded([&]() -> asrc_error * {
    int want = model->options.device;
    if (want == ASRC_DEVICE_AUTO)
      if (const char *env = std::getenv("ASRC_DEVICE")) {
        if (!std::strcmp(env, "host") || !std::strcmp(env, "cpu"))
          want = ASRC_DEVICE_HOST;
        else if (!std::strcmp(env, "cuda") || !std::strcmp(env, "gpu"))
          want = ASRC_DEVICE_CUDA;
        else if (*env && std::strcmp(env, "auto"))
          return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                               "%s: ASRC_DEVICE is '%s' (expected host, cuda or auto)",
                               model->name.c_str(), env);
      }
    if (want != ASRC_DEVICE_AUTO && want != ASRC_DEVICE_HOST && want != ASRC_DEVICE_CUDA)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: options.device is %d (expected 0 auto, 1 host, 2 cuda)",
                           model->name.c_str(), want);
    bool hasCuda = image && image_size > 0;
    if (want == ASRC_DEVICE_HOST) {
      if (!has_host)
        return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                             "%s: the device is host but lib%s.so was compiled with "
                             "--target=cuda only (compile with --target=host,cuda)",
                             model->name.c_str(), model->name.c_str());
      return nullptr;
    }
    if (want == ASRC_DEVICE_CUDA && !hasCuda)
      return asrc_rt_error(ASRC_INVALID_ARGUMENT,
                           "%s: the device is cuda but lib%s.so has no CUDA code "
                           "(compile with --target=cuda or host,cuda)",
                           model->name.c_str(), model->name.c_str());
    if (!hasCuda)
      return nullptr; // auto, CPU only
    asrc_error *err = initCuda(model, image, model->options.cuda_device);
    if (!err)
      return nullptr;
    destroyCuda(model);
    if (want == ASRC_DEVICE_AUTO && has_host) { // fall back to the CPU
      asrc_error_free(err);
      return nullptr;
    }
    return err;
  });
}

int asrc_rt_model_on_cuda(const asrc_model *model) { return model && model->cuda ? 1 : 0; }

ASRC_EXPORT const char *asrc_model_device(const asrc_model *model) {
  return model ? model->device.c_str() : "";
}

void *asrc_rt_cuda_weight(const asrc_model *model, size_t index) {
  if (!model || !model->cuda || index >= model->cuda->weights.size())
    return nullptr;
  return reinterpret_cast<void *>(model->cuda->weights[index]);
}

asrc_error *asrc_rt_cuda_begin(asrc_model *model, const char *entry, asrc_rt_cuda_call **out) {
  *out = nullptr;
  if (!model || !model->cuda)
    return asrc_rt_error(ASRC_INTERNAL, "%s: the model is not on a GPU", entry);
  return guarded([&]() -> asrc_error * {
    auto call = std::make_unique<asrc_rt_cuda_call>();
    call->model = model;
    call->state = model->cuda;
    call->entry = entry;
    const Driver &d = driver();
    if (CUresult r = d.cuCtxPushCurrent(call->state->context))
      return cudaError(r, call->entry, "cannot make the GPU context current");
    call->pushed = true;
    {
      std::lock_guard<std::mutex> lock(call->state->mutex);
      if (!call->state->freeStreams.empty()) {
        call->stream = call->state->freeStreams.back();
        call->state->freeStreams.pop_back();
      }
    }
    if (!call->stream)
      if (CUresult r = d.cuStreamCreate(&call->stream, CU_STREAM_NON_BLOCKING)) {
        call->stream = nullptr;
        asrc_error *e = cudaError(r, call->entry, "cannot create a stream");
        asrc_rt_cuda_end(call.release(), nullptr);
        return e;
      }
    *out = call.release();
    return nullptr;
  });
}

asrc_error *asrc_rt_cuda_end(asrc_rt_cuda_call *call, asrc_error *err) {
  if (!call)
    return err;
  const Driver &d = driver();
  CudaState *s = call->state;
  bool streamOk = true;
  if (call->stream) {
    CUresult r = d.cuStreamSynchronize(call->stream);
    if (r != CUDA_SUCCESS) {
      streamOk = false;
      if (!call->firstError)
        call->firstError = cudaError(r, call->entry, "a kernel of this call failed");
    }
  }
  {
    std::lock_guard<std::mutex> lock(s->mutex);
    for (CUdeviceptr p : call->blocks)
      for (DeviceBlock &b : s->blocks)
        if (b.ptr == p)
          b.inUse = false;
    if (call->stream) {
      if (streamOk)
        s->freeStreams.push_back(call->stream);
      else
        d.cuStreamDestroy(call->stream); // a sticky error: do not reuse
    }
  }
  if (call->pushed) {
    CUcontext popped;
    d.cuCtxPopCurrent(&popped);
  }
  if (err)
    asrc_error_free(call->firstError);
  else
    err = call->firstError;
  delete call;
  return err;
}

asrc_error *asrc_rt_cuda_alloc(asrc_rt_cuda_call *call, size_t bytes, void **device_ptr) {
  *device_ptr = nullptr;
  return guarded([&]() -> asrc_error * {
    size_t need = roundBlock(bytes, 65536, 256); // device blocks
    if (need == 0)
      return asrc_rt_error(ASRC_OUT_OF_MEMORY, "%s: %zu bytes of device memory", call->entry.c_str(),
                           bytes);
    CudaState *s = call->state;
    std::lock_guard<std::mutex> lock(s->mutex);
    DeviceBlock *best = nullptr;
    for (DeviceBlock &b : s->blocks)
      if (!b.inUse && b.size >= need && (!best || b.size < best->size))
        best = &b;
    if (!best) {
      s->blocks.reserve(s->blocks.size() + 1);
      call->blocks.reserve(call->blocks.size() + 1);
      DeviceBlock b;
      b.size = need;
      if (CUresult r = driver().cuMemAlloc(&b.ptr, need)) {
        // Free idle blocks and try once more (shapes may have shrunk).
        for (auto it = s->blocks.begin(); it != s->blocks.end();)
          if (!it->inUse) {
            driver().cuMemFree(it->ptr);
            it = s->blocks.erase(it);
          } else {
            ++it;
          }
        if ((r = driver().cuMemAlloc(&b.ptr, need)))
          return cudaError(r, call->entry,
                           ("cannot allocate " + std::to_string(need) + " bytes of device memory")
                               .c_str());
      }
      s->blocks.push_back(b);
      best = &s->blocks.back();
    }
    call->blocks.push_back(best->ptr);
    best->inUse = true;
    *device_ptr = reinterpret_cast<void *>(best->ptr);
    return nullptr;
  });
}

static asrc_error *check(asrc_rt_cuda_call *call, CUresult r, const char *what) {
  return r == CUDA_SUCCESS ? nullptr : cudaError(r, call->entry, what);
}

asrc_error *asrc_rt_cuda_upload(asrc_rt_cuda_call *call, void *dst, const void *src,
                                size_t bytes) {
  if (!bytes)
    return nullptr;
  return check(call,
               driver().cuMemcpyHtoDAsync(reinterpret_cast<CUdeviceptr>(dst), src, bytes,
                                          call->stream),
               "cannot copy an input to the GPU");
}

asrc_error *asrc_rt_cuda_download(asrc_rt_cuda_call *call, void *dst, const void *src,
                                  size_t bytes) {
  if (!bytes)
    return nullptr;
  return check(call,
               driver().cuMemcpyDtoHAsync(dst, reinterpret_cast<CUdeviceptr>(src), bytes,
                                          call->stream),
               "cannot copy an output from the GPU");
}

asrc_error *asrc_rt_cuda_copy(asrc_rt_cuda_call *call, void *dst, const void *src,
                              size_t bytes) {
  if (!bytes || dst == src)
    return nullptr;
  return check(call,
               driver().cuMemcpyDtoDAsync(reinterpret_cast<CUdeviceptr>(dst),
                                          reinterpret_cast<CUdeviceptr>(src), bytes,
                                          call->stream),
               "cannot copy on the GPU");
}

asrc_error *asrc_rt_cuda_zero(asrc_rt_cuda_call *call, void *dst, size_t bytes) {
  if (!bytes)
    return nullptr;
  return check(call,
               driver().cuMemsetD8Async(reinterpret_cast<CUdeviceptr>(dst), 0, bytes,
                                        call->stream),
               "cannot clear device memory");
}

asrc_error *asrc_rt_cuda_sync(asrc_rt_cuda_call *call) {
  return check(call, driver().cuStreamSynchronize(call->stream), "a kernel of this call failed");
}

void asrc_rt_cuda_arg(asrc_cu_args *args, int index, const void *ptr, asrc_dtype dtype,
                      int32_t rank, const int64_t *dims, const int64_t *strides) {
  asrc_cu_tensor &t = args->t[index];
  t.data = const_cast<void *>(ptr);
  t.rank = rank;
  t.dtype = rawDType(dtype);
  int64_t dense = 1;
  for (int i = rank - 1; i >= 0; --i) {
    t.dims[i] = dims[i];
    t.strides[i] = strides ? strides[i] : dense;
    dense *= dims[i];
  }
  if (index + 1 > args->count)
    args->count = index + 1;
}

asrc_error *asrc_rt_cuda_launch(asrc_rt_cuda_call *call, asrc_cu_plan_fn planFn,
                                asrc_cu_args *args, const char *where) {
  return guarded([&]() -> asrc_error * {
    asrc_cu_plan plan{};
    planFn(args, &plan);
    if (plan.num_steps < 0 || plan.num_steps > ASRC_CU_MAX_STEPS)
      return asrc_rt_error(ASRC_INTERNAL, "%s: a kernel plan with %d steps", where,
                           int(plan.num_steps));
    args->scratch = nullptr;
    if (plan.scratch_bytes)
      if (asrc_error *e = asrc_rt_cuda_alloc(call, plan.scratch_bytes, &args->scratch))
        return asrc_rt_error_wrap(e, "%s", where);
    const Driver &d = driver();
    CudaState *s = call->state;
    for (int i = 0; i < plan.num_steps; ++i) {
      const asrc_cu_step &step = plan.steps[i];
      CUfunction fn = nullptr;
      {
        std::lock_guard<std::mutex> lock(s->mutex);
        auto it = s->functions.find(step.kernel);
        if (it != s->functions.end()) {
          fn = it->second;
        } else {
          if (CUresult r = d.cuModuleGetFunction(&fn, s->module, step.kernel))
            return cudaError(r, where, (std::string("no kernel ") + step.kernel).c_str());
          s->functions.emplace(step.kernel, fn);
        }
      }
      void *params[] = {args};
      CUresult r = d.cuLaunchKernel(fn, step.grid[0], step.grid[1], step.grid[2], step.block[0],
                                    step.block[1], step.block[2], 0, call->stream, params, nullptr);
      if (r != CUDA_SUCCESS)
        return cudaError(r, where, (std::string("cannot launch ") + step.kernel).c_str());
    }
    return nullptr;
  });
}

} // extern "C"
