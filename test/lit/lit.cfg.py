# -*- Python -*-
# lit configuration for asrc's FileCheck tests.
import os
import lit.formats
from lit.llvm import llvm_config

config.name = "asrc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".json", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.asrc_obj_root, "test", "lit")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%examples", os.path.join(config.asrc_src_root, "examples")))
config.substitutions.append(("%builddir", config.asrc_obj_root))
config.substitutions.append(("%docs", os.path.join(config.asrc_src_root, "docs")))
config.substitutions.append(("%scripts", os.path.join(config.asrc_src_root, "scripts")))

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()

tool_dirs = [config.asrc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["asr-opt", "asrc", "asr-tune", "split-file", "not", "count"], tool_dirs)

# nvcc (the CUDA backend's compiler; on the machine image, not a Debian
# package): tests that run it say `REQUIRES: nvcc` and are UNSUPPORTED
# without it. ASRC_NVCC overrides the location, as for asrc.
import shutil
nvcc = os.environ.get("ASRC_NVCC") or "/usr/local/cuda/bin/nvcc"
if os.access(nvcc, os.X_OK) or shutil.which("nvcc"):
    config.available_features.add("nvcc")
config.substitutions.append(("%cudaemu", os.path.join(config.asrc_obj_root, "test", "cuda-emu",
                                                      "libasrc_cuda_emu.so")))
llvm_config.with_system_environment(["ASRC_NVCC"])

# A sanitizer build (CMake's ASRC_SANITIZE; scripts/sanitize.sh): tests that
# cannot hold there say `UNSUPPORTED: sanitizer`.
# Its Python preloads the ASan runtime (build-asan/python3-asan, the %python
# of the tests); the other tools must not inherit that preload (nvcc's
# compilers fail under it, and the instrumented tools link ASan themselves).
if getattr(config, "asrc_sanitize", ""):
    config.available_features.add("sanitizer")
    config.environment.pop("LD_PRELOAD", None)
