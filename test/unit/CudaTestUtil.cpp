//===- CudaTestUtil.cpp - run CUDA kernels on the CPU emulator ------------===//

#include "CudaTestUtil.h"

#include "Emulator.h"
#include "codegen/cuda/CudaKernels.h"
#include "codegen/halide/Kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <unistd.h>

namespace cudatest {

int64_t numel(const Shape &s) {
  int64_t n = 1;
  for (int64_t d : s)
    n *= d;
  return n;
}

static size_t elemSize(ElemType t) {
  switch (t) {
  case ElemType::F16: case ElemType::BF16: return 2;
  case ElemType::I64: return 8;
  default: return 4;
  }
}

static bool isFloat(ElemType t) { return t == ElemType::F32 || t == ElemType::F16 || t == ElemType::BF16; }

// Reference conversions (plain, independent of the prelude's).
static float halfToFloat(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 31, man = h & 1023;
  float v = exp == 0 ? std::ldexp(float(man), -24)
            : exp == 31 ? (man ? NAN : INFINITY)
                        : std::ldexp(float(man + 1024), exp - 25);
  return sign ? -v : v;
}
static uint16_t floatToHalf(float f) {
  // Round to nearest even by search over the two neighbours.
  if (std::isnan(f)) return 0x7e00;
  uint16_t sign = std::signbit(f) ? 0x8000 : 0;
  float a = std::fabs(f);
  if (a >= 65520.f) return sign | 0x7c00;
  uint16_t lo = 0;
  for (int bit = 14; bit >= 0; --bit) // largest pattern with value <= a
    if (halfToFloat(uint16_t(lo | (1 << bit))) <= a) lo |= uint16_t(1 << bit);
  uint16_t hi = uint16_t(lo + 1);
  double dl = a - halfToFloat(lo), dh = halfToFloat(hi) - a;
  uint16_t r = dl < dh ? lo : dh < dl ? hi : (lo & 1 ? hi : lo);
  return sign | r;
}
static float bf16ToFloat(uint16_t h) {
  uint32_t u = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
static uint16_t floatToBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return uint16_t((u + 0x7fff + ((u >> 16) & 1)) >> 16);
}

HostTensor::HostTensor(ElemType type, Shape dims)
    : type(type), dims(std::move(dims)), bytes(numel(this->dims) * elemSize(type)) {}

double HostTensor::get(int64_t i) const {
  const unsigned char *p = bytes.data() + i * elemSize(type);
  switch (type) {
  case ElemType::F32: { float v; std::memcpy(&v, p, 4); return v; }
  case ElemType::F16: { uint16_t v; std::memcpy(&v, p, 2); return halfToFloat(v); }
  case ElemType::BF16: { uint16_t v; std::memcpy(&v, p, 2); return bf16ToFloat(v); }
  case ElemType::I32: { int32_t v; std::memcpy(&v, p, 4); return v; }
  case ElemType::I64: { int64_t v; std::memcpy(&v, p, 8); return double(v); }
  }
  return 0;
}

void HostTensor::set(int64_t i, double v) {
  unsigned char *p = bytes.data() + i * elemSize(type);
  switch (type) {
  case ElemType::F32: { float f = float(v); std::memcpy(p, &f, 4); break; }
  case ElemType::F16: { uint16_t h = floatToHalf(float(v)); std::memcpy(p, &h, 2); break; }
  case ElemType::BF16: { uint16_t h = floatToBf16(float(v)); std::memcpy(p, &h, 2); break; }
  case ElemType::I32: { int32_t x = int32_t(v); std::memcpy(p, &x, 4); break; }
  case ElemType::I64: { int64_t x = int64_t(v); std::memcpy(p, &x, 8); break; }
  }
}

HostTensor randomTensor(ElemType type, Shape dims, std::mt19937 &rng, double lo, double hi) {
  HostTensor t(type, std::move(dims));
  if (isFloat(type)) {
    std::uniform_real_distribution<double> u(lo, hi);
    for (int64_t i = 0; i < t.size(); ++i)
      t.set(i, u(rng));
  } else {
    std::uniform_int_distribution<int64_t> u{static_cast<int64_t>(lo), static_cast<int64_t>(hi)};
    for (int64_t i = 0; i < t.size(); ++i)
      t.set(i, double(u(rng)));
  }
  return t;
}

HostTensor poisoned(ElemType type, Shape dims) {
  HostTensor t(type, std::move(dims));
  for (int64_t i = 0; i < t.size(); ++i)
    t.set(i, isFloat(type) ? NAN : -7);
  return t;
}

HostTensor fromValues(ElemType type, Shape dims, const std::vector<double> &values) {
  HostTensor t(type, std::move(dims));
  EXPECT_EQ(int64_t(values.size()), t.size()) << "fromValues: wrong element count";
  for (int64_t i = 0; i < t.size() && i < int64_t(values.size()); ++i)
    t.set(i, values[i]);
  return t;
}

//===----------------------------------------------------------------------===//
// The CUDA kernel on the emulator
//===----------------------------------------------------------------------===//

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/asrc-cuda-test-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back(0);
    if (mkdtemp(buf.data()))
      path = buf.data();
  }
  ~TempDir() {
    if (!path.empty() && !std::getenv("ASRC_KEEP_CUDA_TEST_FILES")) {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  }
};

asrc_emu::KernelFn lookup(const char *name, void *handle) {
  return reinterpret_cast<asrc_emu::KernelFn>(dlsym(handle, name));
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

const std::string &testFileDir() {
  static TempDir dir;
  return dir.path;
}

void *loadEmulated(const std::string &source, const std::string &base, const std::string &what) {
  {
    std::ofstream os(base + ".cu");
    os << source;
  }
  std::string cmd = "c++ -std=c++17 -O1 -fPIC -shared -w -include " ASRC_CUDA_EMU_DIR
                    "/asrc_cuda_emu.h -I" ASRC_RUNTIME_INCLUDE_DIR " -I" ASRC_CUDA_EMU_DIR
                    " -x c++ " + base + ".cu -o " + base + ".so -x none " ASRC_CUDA_EMU_LIB " 2> " +
                    base + ".log";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "the emulated kernel for " << what << " does not compile:\n"
                  << readFile(base + ".log").substr(0, 4000) << "\n(source: " << base
                  << ".cu; set ASRC_KEEP_CUDA_TEST_FILES=1 to keep it)";
    return nullptr;
  }
  // Opt-in (slow, about 3 s a kernel): the same file through nvcc for sm_80.
  if (std::getenv("ASRC_CUDA_TEST_NVCC")) {
    std::string nvcc = "/usr/local/cuda/bin/nvcc -std=c++17 -arch=sm_80 -I" ASRC_RUNTIME_INCLUDE_DIR
                       " -c -x cu " + base + ".cu -o " + base + ".o 2> " + base + ".nvcc.log";
    if (std::system(nvcc.c_str()) != 0) {
      ADD_FAILURE() << "nvcc rejects the kernel for " << what << ":\n"
                    << readFile(base + ".nvcc.log").substr(0, 4000);
      return nullptr;
    }
  }
  void *handle = dlopen((base + ".so").c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    ADD_FAILURE() << "dlopen: " << dlerror();
  return handle;
}

bool runLoaded(void *module, const std::string &name, const asrc_cu_args &args,
               const uint32_t *gridCap) {
  auto plan = reinterpret_cast<asrc_cu_plan_fn>(dlsym(module, (name + "_plan").c_str()));
  if (!plan) {
    ADD_FAILURE() << "no " << name << "_plan in the emitted code";
    return false;
  }
  std::string error;
  if (!asrc_emu::runPlan(plan, args, lookup, module, error, gridCap)) {
    ADD_FAILURE() << name << ": " << error;
    return false;
  }
  return true;
}

asrc_cu_tensor cuTensor(const void *data, ElemType type, const Shape &dims, const Shape &strides) {
  asrc_cu_tensor c{};
  c.data = const_cast<void *>(data);
  c.rank = int32_t(dims.size());
  c.dtype = int32_t(type); // ElemType's order is asrc_dtype's
  int64_t dense = 1;
  for (int i = c.rank - 1; i >= 0; --i) {
    c.dims[i] = dims[i];
    c.strides[i] = strides.empty() ? dense : strides[i];
    dense *= dims[i];
  }
  return c;
}

asrc_cu_tensor cuTensor(const HostTensor &t) { return cuTensor(t.data(), t.type, t.dims); }

namespace {

struct Loaded {
  void *handle = nullptr;
  std::string name;
};

/// Compiles desc once per key; nullptr (with a test failure) on error.
const Loaded *compiled(const KernelDesc &desc) {
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  std::string key = desc.key();
  auto it = cache.find(key);
  if (it != cache.end())
    return it->second.get();
  auto l = std::make_unique<Loaded>();
  l->name = "asrk_t" + std::to_string(cache.size());
  asr::cuda::CudaKernelSource src;
  std::string error;
  if (!asr::cuda::emitKernel(desc, l->name, src, error)) {
    ADD_FAILURE() << "emitKernel(" << key << "): " << error;
    return nullptr;
  }
  l->handle = loadEmulated(asr::cuda::devicePrelude() + "\n" + src.device + "\n" + src.plan,
                           testFileDir() + "/" + l->name, key);
  if (!l->handle)
    return nullptr;
  return cache.emplace(key, std::move(l)).first->second.get();
}

} // namespace

bool runCuda(const KernelDesc &desc, const std::vector<HostTensor> &inputs,
             std::vector<HostTensor> &outputs, const std::vector<int64_t> &scalars) {
  const Loaded *l = compiled(desc);
  if (!l)
    return false;
  asrc_cu_args args{};
  for (const HostTensor &t : inputs)
    args.t[args.count++] = cuTensor(t);
  for (HostTensor &t : outputs)
    args.t[args.count++] = cuTensor(t);
  for (size_t i = 0; i < scalars.size() && i < ASRC_CU_MAX_SCALARS; ++i)
    args.scalars[i] = scalars[i];
  return runLoaded(l->handle, l->name, args);
}

//===----------------------------------------------------------------------===//
// The Halide reference
//===----------------------------------------------------------------------===//

static halide_type_t halideType(ElemType t) {
  switch (t) {
  case ElemType::F32: return halide_type_of<float>();
  case ElemType::F16: return halide_type_t(halide_type_float, 16);
  case ElemType::BF16: return halide_type_t(halide_type_bfloat, 16);
  case ElemType::I32: return halide_type_of<int32_t>();
  case ElemType::I64: return halide_type_of<int64_t>();
  }
  return halide_type_of<float>();
}

static Halide::Buffer<> halideView(const HostTensor &t) {
  std::vector<int> sizes;
  for (auto it = t.dims.rbegin(); it != t.dims.rend(); ++it)
    sizes.push_back(int(*it));
  return Halide::Buffer<>(halideType(t.type), const_cast<void *>(t.data()), sizes);
}

void runHalide(const KernelDesc &desc, const std::vector<HostTensor> &inputs,
               std::vector<HostTensor> &outputs) {
  static std::map<std::string, std::unique_ptr<asr::kernels::BuiltKernel>> cache;
  Halide::Target target = Halide::get_host_target();
  auto &k = cache[desc.key()];
  if (!k) {
    asr::kernels::Schedule s;
    s.knobs["naive"] = 1;
    k = std::make_unique<asr::kernels::BuiltKernel>(asr::kernels::buildKernel(desc, target, &s));
    k->pipeline.compile_jit(target);
  }
  std::vector<Halide::Buffer<>> in;
  for (size_t i = 0; i < inputs.size(); ++i) {
    in.push_back(halideView(inputs[i]));
    k->inputs[i].set(in.back());
  }
  std::vector<Halide::Buffer<>> out;
  for (HostTensor &t : outputs)
    out.push_back(halideView(t));
  k->pipeline.realize(Halide::Realization(out));
}

void expectClose(const HostTensor &got, const HostTensor &want, const std::string &what,
                 double rtol, double atol) {
  ASSERT_EQ(got.dims, want.dims) << what;
  double worst = 0;
  int64_t worstAt = -1, bad = 0;
  for (int64_t i = 0; i < want.size(); ++i) {
    double g = got.get(i), w = want.get(i);
    if (std::isnan(w) && std::isnan(g))
      continue;
    double err = std::fabs(g - w), allowed = atol + rtol * std::fabs(w);
    if (!(err <= allowed)) {
      ++bad;
      double excess = std::isnan(err) ? INFINITY : err / allowed;
      if (worstAt < 0 || excess > worst) {
        worst = excess;
        worstAt = i;
      }
    }
  }
  EXPECT_EQ(bad, 0) << what << ": " << bad << " of " << want.size()
                    << " elements differ; worst at flat index " << worstAt << ": got "
                    << (worstAt >= 0 ? got.get(worstAt) : 0) << ", want "
                    << (worstAt >= 0 ? want.get(worstAt) : 0);
}

void checkAgainstHalide(const KernelDesc &desc, const std::vector<Shape> &inputDims,
                        const std::vector<Shape> &outputDims, uint32_t seed, double rtol,
                        double atol, const std::vector<std::pair<int64_t, int64_t>> &intRanges) {
  ASSERT_EQ(inputDims.size(), desc.inputs.size());
  ASSERT_EQ(outputDims.size(), desc.outputs.size());
  std::mt19937 rng(seed);
  std::vector<HostTensor> inputs;
  for (size_t i = 0; i < inputDims.size(); ++i) {
    ElemType t = desc.inputs[i].type;
    if (isFloat(t)) {
      inputs.push_back(randomTensor(t, inputDims[i], rng));
    } else {
      auto r = i < intRanges.size() ? intRanges[i] : std::pair<int64_t, int64_t>{0, 3};
      inputs.push_back(randomTensor(t, inputDims[i], rng, double(r.first), double(r.second)));
    }
  }
  std::vector<HostTensor> want, got;
  for (size_t i = 0; i < outputDims.size(); ++i) {
    want.push_back(poisoned(desc.outputs[i].type, outputDims[i]));
    got.push_back(poisoned(desc.outputs[i].type, outputDims[i]));
  }
  runHalide(desc, inputs, want);
  if (!runCuda(desc, inputs, got))
    return;
  for (size_t i = 0; i < got.size(); ++i)
    expectClose(got[i], want[i], desc.key() + " output " + std::to_string(i), rtol, atol);
}

std::string cudaSource(const KernelDesc &desc, const std::string &name) {
  asr::cuda::CudaKernelSource src;
  std::string error;
  if (!asr::cuda::emitKernel(desc, name, src, error)) {
    ADD_FAILURE() << "emitKernel(" << desc.key() << "): " << error;
    return "";
  }
  return src.device + "\n" + src.plan;
}

} // namespace cudatest
