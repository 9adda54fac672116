//===- ModelKernels.cpp - a model's kernels, for asr-tune -----------------===//
#include "tools/asr-tune/ModelKernels.h"
#include "tools/asrc/Driver.h"

namespace asr {

bool modelKernels(const std::string &specPath, const std::string &weightsPath,
                  std::vector<ModelKernel> &kernels) {
  DriverOptions options;
  options.specPath = specPath;
  options.weightsPath = weightsPath;
  options.quiet = true;
  std::vector<KernelInstance> instances;
  if (!collectModelKernels(options, llvm::errs(), instances))
    return false;
  for (KernelInstance &k : instances)
    kernels.push_back({std::move(k.desc), k.function, k.location});
  return true;
}

} // namespace asr
