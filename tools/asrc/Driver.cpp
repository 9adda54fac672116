//===- Driver.cpp - the asrc compilation pipeline -------------------------===//
#include "tools/asrc/Driver.h"

#include "codegen/cpu/ModelEmitter.h"
#include "codegen/cuda/CudaKernels.h"
#include "codegen/halide/Compile.h"
#include "frontend/ModelSpec.h"
#include "frontend/OpTable.h"
#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <cstdlib>
#include <thread>
#include <optional>

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::asr;

namespace asr {

/// "<spec>: <json path>" for NameLocs (spec nodes), "file:line:col" for file
/// locations (JSON syntax errors).
static void printLocation(Location loc, const std::string &specPath, llvm::raw_ostream &os) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    os << specPath << ": " << name.getName().getValue();
    if (auto node = dyn_cast<NameLoc>(name.getChildLoc()))
      os << " (" << node.getName().getValue() << ")";
    return;
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":" << file.getColumn();
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
    return printLocation(fused.getLocations().front(), specPath, os);
  os << specPath;
}

/// Prints "asrc: <stage> ... <seconds> s" when the stage ends.
class Stage {
public:
  Stage(const DriverOptions &options, llvm::raw_ostream &errs, std::string name)
      : options(options), errs(errs), name(std::move(name)),
        start(std::chrono::steady_clock::now()) {}
  ~Stage() {
    if (options.quiet || !ok)
      return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    errs << llvm::format("asrc: %-34s %7.2f s\n", name.c_str(), s);
  }
  void failed() { ok = false; }

private:
  const DriverOptions &options;
  llvm::raw_ostream &errs;
  std::string name;
  std::chrono::steady_clock::time_point start;
  bool ok = true;
};

static bool writeFile(const std::string &path, const std::string &text, llvm::raw_ostream &errs) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    errs << "asrc: error: cannot write '" << path << "': " << ec.message() << "\n";
    return false;
  }
  os << text;
  return true;
}

/// Runs `args` (argv[0] is looked up in PATH); reports a failure with the
/// command line.
static bool runCommand(const std::vector<std::string> &args, llvm::raw_ostream &errs) {
  auto program = llvm::sys::findProgramByName(args[0]);
  if (!program) {
    errs << "asrc: error: cannot find '" << args[0] << "' in PATH\n";
    return false;
  }
  SmallVector<StringRef> refs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*program, refs, std::nullopt, {}, 0, 0, &message);
  if (rc != 0) {
    errs << "asrc: error: command failed (" << (message.empty() ? "exit " + std::to_string(rc) : message)
         << "):";
    for (const std::string &a : args)
      errs << " " << a;
    errs << "\n";
    return false;
  }
  return true;
}

/// The diagnostic handler of every driver entry: "<spec>: <json path>:
/// error: ..." lines on `errs`.
static void installDiagnostics(MLIRContext &context, const DriverOptions &options,
                               llvm::raw_ostream &errs,
                               std::optional<ScopedDiagnosticHandler> &handler) {
  // Single-threaded: the 2-core build machines gain nothing from MLIR's pool.
  context.disableMultithreading();
  context.printOpOnDiagnostic(false);
  handler.emplace(&context, [&options, &errs](Diagnostic &diag) {
    printLocation(diag.getLocation(), options.specPath, errs);
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error: errs << ": error: "; break;
    case DiagnosticSeverity::Warning: errs << ": warning: "; break;
    case DiagnosticSeverity::Note: errs << ": note: "; break;
    case DiagnosticSeverity::Remark: errs << ": remark: "; break;
    }
    errs << diag.str() << "\n";
    for (Diagnostic &note : diag.getNotes()) {
      printLocation(note.getLocation(), options.specPath, errs);
      errs << ": note: " << note.str() << "\n";
    }
    return success();
  });
}

/// 1. Import: the spec (and its weights' header) as verified asr IR.
static OwningOpRef<ModuleOp> importModel(MLIRContext &context, const DriverOptions &options,
                                         llvm::raw_ostream &errs) {
  Stage stage(options, errs, "import " + llvm::sys::path::filename(options.specPath).str());
  ModelSpecOptions specOptions{options.specPath, options.weightsPath};
  OwningOpRef<ModuleOp> module = importModelSpecFile(context, specOptions);
  if (!module)
    stage.failed();
  return module;
}

/// 2. Passes: decompose, fuse attention, hoist, infer shapes, plan buffers.
static LogicalResult lowerModel(MLIRContext &context, ModuleOp module,
                                const DriverOptions &options, llvm::raw_ostream &errs,
                                const OpPrintingFlags &flags) {
  std::string stages = "decompose";
  if (options.fuseAttention)
    stages += ", fuse attention";
  if (options.hoistPerUtterance)
    stages += ", hoist";
  Stage stage(options, errs, stages + ", plan buffers");
  PassManager pm(&context);
  if (options.printIRAfterAll) {
    context.disableMultithreading();
    pm.enableIRPrinting([](Pass *, Operation *) { return false; },
                        [](Pass *, Operation *) { return true; },
                        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
                        /*printAfterOnlyOnFailure=*/false, errs, flags);
  }
  pm.addPass(createDecompose());
  if (options.fuseAttention)
    pm.addNestedPass<func::FuncOp>(createFuseAttention());
  if (options.hoistPerUtterance)
    pm.addPass(createHoistPerUtterance());
  pm.addPass(createInferShapes());
  pm.addNestedPass<func::FuncOp>(createPlanBuffers());
  if (failed(pm.run(module))) {
    stage.failed();
    return failure();
  }
  return success();
}

bool collectModelKernels(const DriverOptions &options, llvm::raw_ostream &errs,
                         std::vector<KernelInstance> &kernels) {
  MLIRContext context;
  std::optional<ScopedDiagnosticHandler> handler;
  installDiagnostics(context, options, errs, handler);
  OwningOpRef<ModuleOp> module = importModel(context, options, errs);
  if (!module || failed(lowerModel(context, *module, options, errs, OpPrintingFlags())))
    return false;
  EmittedModel model;
  if (failed(emitModel(*module, model)))
    return false;
  kernels = std::move(model.kernels);
  return true;
}

bool parseTargets(const std::string &target, std::string &host, bool &cuda, std::string &error) {
  host.clear();
  cuda = false;
  for (StringRef part : llvm::split(StringRef(target), ',')) {
    part = part.trim();
    if (part.empty()) {
      error = "an empty target in '" + target + "' (expected host, cuda or host,cuda)";
      return false;
    }
    if (part == "cuda") {
      if (cuda) {
        error = "cuda given twice in '" + target + "'";
        return false;
      }
      cuda = true;
      continue;
    }
    if (!host.empty()) {
      error = "two host targets in '" + target + "' (one host target and cuda at most)";
      return false;
    }
    host = part.str();
  }
  return true;
}

/// The nvcc to run: --nvcc, $ASRC_NVCC, /usr/local/cuda/bin/nvcc, or nvcc
/// in PATH.
static std::string findNvcc(const DriverOptions &options) {
  if (!options.nvcc.empty())
    return options.nvcc;
  if (const char *env = std::getenv("ASRC_NVCC"); env && *env)
    return env;
  if (llvm::sys::fs::can_execute("/usr/local/cuda/bin/nvcc"))
    return "/usr/local/cuda/bin/nvcc";
  return "nvcc";
}

/// `file` in `dir`.
static std::string inDir(StringRef dir, const std::string &file) {
  SmallString<256> p(dir);
  llvm::sys::path::append(p, file);
  return std::string(p);
}

/// Where nvcc's output for `source` compiled by `cmd` is cached:
/// $ASRC_CACHE_DIR, else $XDG_CACHE_HOME/asrc, else ~/.cache/asrc, as
/// nvcc-<hash>.fatbin; "" when caching is off (ASRC_CACHE_DIR=off) or no
/// directory can be made.
static std::string nvccCachePath(const std::string &source, const std::vector<std::string> &cmd) {
  SmallString<256> dir;
  if (const char *d = std::getenv("ASRC_CACHE_DIR"); d && *d) {
    if (StringRef(d) == "off")
      return "";
    dir = d;
  } else if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x) {
    dir = x;
    llvm::sys::path::append(dir, "asrc");
  } else if (const char *h = std::getenv("HOME"); h && *h) {
    dir = h;
    llvm::sys::path::append(dir, ".cache", "asrc");
  } else {
    return "";
  }
  if (llvm::sys::fs::create_directories(dir))
    return "";
  std::string key = source;
  auto header = llvm::MemoryBuffer::getFile(ASRC_RUNTIME_INCLUDE_DIR "/asrc_cuda.h");
  if (header)
    key += (*header)->getBuffer().str();
  for (size_t i = 0; i < cmd.size(); ++i)
    if (cmd[i] != cmd[cmd.size() - 1] && cmd[i] != cmd[cmd.size() - 3]) // not the file names
      key += "\n" + cmd[i];
  uint64_t hash = llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(key.data()), key.size()));
  llvm::sys::path::append(dir, "nvcc-" + llvm::utohexstr(hash, /*LowerCase=*/true, 16) + ".fatbin");
  return std::string(dir);
}

/// The sanitizers of a sanitizer build (CMake's ASRC_SANITIZE), for the
/// entry points and the link of a model: they must match the instrumented
/// runtime archive the model links. Nothing in a normal build.
static void appendSanitizerFlags(std::vector<std::string> &cmd) {
  if (*ASRC_ENTRY_SANITIZE)
    cmd.insert(cmd.end(), {ASRC_ENTRY_SANITIZE, "-fno-sanitize-recover=all",
                           "-fno-omit-frame-pointer"});
}

/// <model>.cu -> a fatbin (nvcc; sm_80, sm_90 and compute_90 PTX) or, for
/// the emulator, a host shared object; then an object embedding it as
/// asrc_cuda_image_<model> (the `.incbin` of an assembler file).
static bool compileCuda(const DriverOptions &options, const EmittedModel &model,
                        const std::string &source, StringRef objDir, std::string &object,
                        llvm::raw_ostream &errs) {
  std::string cu = inDir(objDir, model.name + ".cu");
  if (!writeFile(cu, source, errs))
    return false;
  std::string image = inDir(objDir, model.name + ".fatbin");
  if (options.cudaEmulation) {
    Stage stage(options, errs,
                "compile " + std::to_string(model.cudaKernels.size()) + " CUDA kernels (emulator)");
    SmallString<256> so(options.outputPath.empty() ? "." : options.outputPath);
    llvm::sys::fs::make_absolute(so);
    llvm::sys::path::append(so, "lib" + model.name + ".cuemu.so");
    if (!runCommand({"c++", "-std=c++17", "-O1", "-fPIC", "-shared", "-w", "-include",
                     ASRC_CUDA_EMU_DIR "/asrc_cuda_emu.h", "-I" ASRC_RUNTIME_INCLUDE_DIR,
                     "-I" ASRC_CUDA_EMU_DIR, "-x", "c++", cu, "-x", "none", "-o", std::string(so),
                     ASRC_CUDA_EMU_LIB},
                    errs)) {
      stage.failed();
      return false;
    }
    std::string text = "ASRC-EMU:" + std::string(so);
    text.push_back('\0');
    if (!writeFile(image, text, errs))
      return false;
  } else {
    Stage stage(options, errs,
                "compile " + std::to_string(model.cudaKernels.size()) + " CUDA kernels (nvcc)");
    std::string nvcc = findNvcc(options);
    bool found = nvcc.find('/') != std::string::npos ? llvm::sys::fs::can_execute(nvcc)
                                                      : bool(llvm::sys::findProgramByName(nvcc));
    if (!found) {
      errs << "asrc: error: --target=" << options.target << " needs nvcc: '" << nvcc
           << "' not found (install the CUDA toolkit, or set ASRC_NVCC)\n";
      stage.failed();
      return false;
    }
    // -diag-suppress 177: the shared device helpers a model does not use.
    std::vector<std::string> cmd = {nvcc, "-std=c++17", "-O3", "--fatbin", "--threads", "2",
                                    "-diag-suppress", "177",
                                    "-gencode", "arch=compute_80,code=sm_80", "-gencode",
                                    "arch=compute_90,code=sm_90", "-gencode",
                                    "arch=compute_90,code=compute_90",
                                    "-I" ASRC_RUNTIME_INCLUDE_DIR, "-x", "cu", cu, "-o", image};
    // nvcc takes most of a CUDA build: its output is cached by the hash of
    // the source, the runtime header it includes and the command line.
    std::string cached = nvccCachePath(source, cmd);
    if (!cached.empty() && !llvm::sys::fs::copy_file(cached, image)) {
      if (!options.quiet)
        errs << "asrc: nvcc output from the cache " << cached << "\n";
    } else {
      if (!runCommand(cmd, errs)) {
        stage.failed();
        return false;
      }
      if (!cached.empty()) { // best effort: write a temporary, then rename
        std::string tmp = cached + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
        if (!llvm::sys::fs::copy_file(image, tmp) && llvm::sys::fs::rename(tmp, cached))
          llvm::sys::fs::remove(tmp);
      }
    }
  }
  std::string sym = "asrc_cuda_image_" + model.name, size = "asrc_cuda_image_size_" + model.name;
  std::string quoted = image;
  for (size_t i = 0; i < quoted.size(); ++i)
    if (quoted[i] == '"' || quoted[i] == '\\')
      quoted.insert(i++, "\\");
  std::string imageAsm = "# The CUDA kernels of " + model.name + " (generated by asrc).\n"
             "  .section .rodata\n  .balign 64\n  .globl " + sym + "\n  .hidden " + sym + "\n" +
             sym + ":\n  .incbin \"" + quoted + "\"\n" + sym + "_end:\n  .balign 8\n  .globl " +
             size + "\n  .hidden " + size + "\n" + size + ":\n  .quad " + sym + "_end - " + sym +
             "\n  .section .note.GNU-stack,\"\",@progbits\n";
  std::string asmPath = inDir(objDir, model.name + "_cuda_image.s");
  object = inDir(objDir, model.name + "_cuda_image.o");
  if (!writeFile(asmPath, imageAsm, errs))
    return false;
  return runCommand({"c++", "-c", asmPath, "-o", object}, errs);
}

int runDriver(const DriverOptions &options, llvm::raw_ostream &errs) {
  MLIRContext context;
  std::optional<ScopedDiagnosticHandler> handler;
  installDiagnostics(context, options, errs, handler);
  OpPrintingFlags flags;
  if (options.printDebugInfo)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  auto printModule = [&](ModuleOp module) {
    std::string err;
    auto output = openOutputFile(options.outputPath.empty() ? "-" : options.outputPath, &err);
    if (!output) {
      errs << "asrc: error: " << err << "\n";
      return 1;
    }
    module.print(output->os(), flags);
    output->os() << "\n";
    output->keep();
    return 0;
  };

  OwningOpRef<ModuleOp> module = importModel(context, options, errs);
  if (!module)
    return 1;
  if (options.emit == EmitKind::MLIR)
    return printModule(*module);
  if (failed(lowerModel(context, *module, options, errs, flags)))
    return 1;
  if (options.emit == EmitKind::Kernels)
    return printModule(*module);

  // 3. Code generation.
  std::string hostTarget, targetError;
  bool wantCuda = false;
  if (!parseTargets(options.target, hostTarget, wantCuda, targetError)) {
    errs << "asrc: error: --target: " << targetError << "\n";
    return 1;
  }
  EmitOptions emitOptions;
  emitOptions.host = !hostTarget.empty();
  emitOptions.cuda = wantCuda;
  EmittedModel model;
  {
    Stage stage(options, errs, "generate entry points");
    if (failed(emitModel(*module, model, emitOptions))) {
      stage.failed();
      return 1;
    }
  }
  std::string cudaSource, cudaPlans;
  if (wantCuda) {
    std::vector<cuda::CudaKernelRequest> requests;
    for (const KernelInstance &k : model.cudaKernels)
      requests.push_back({&k.desc, k.function, k.location});
    std::string error;
    if (!cuda::emitModule(model.name, requests, cudaSource, cudaPlans, error)) {
      errs << options.specPath << ": error: CUDA code generation: " << error << "\n";
      return 1;
    }
    model.source += "\n" + cudaPlans;
  } else if (options.emit == EmitKind::Cuda) {
    errs << "asrc: error: --emit=cuda needs a CUDA target (--target=cuda or host,cuda)\n";
    return 1;
  }
  if (options.emit == EmitKind::Cuda) {
    std::string err;
    auto output = openOutputFile(options.outputPath.empty() ? "-" : options.outputPath, &err);
    if (!output) {
      errs << "asrc: error: " << err << "\n";
      return 1;
    }
    output->os() << cudaSource;
    output->keep();
    return 0;
  }
  std::string outDir = options.outputPath.empty() ? "." : options.outputPath;
  SmallString<256> objDir(outDir);
  llvm::sys::path::append(objDir, "obj");
  if (std::error_code ec = llvm::sys::fs::create_directories(objDir)) {
    errs << "asrc: error: cannot create '" << objDir << "': " << ec.message() << "\n";
    return 1;
  }
  std::string sourcePath = inDir(objDir, model.name + ".cpp");
  std::string headerPath = inDir(outDir, model.name + ".h");
  if (!writeFile(sourcePath, model.source, errs) || !writeFile(headerPath, model.header, errs))
    return 1;
  // The model's header includes the runtime's: ship it alongside.
  if (std::error_code ec = llvm::sys::fs::copy_file(ASRC_RUNTIME_INCLUDE_DIR "/asrc.h",
                                                    inDir(outDir, "asrc.h"))) {
    errs << "asrc: error: cannot copy asrc.h to '" << outDir << "': " << ec.message() << "\n";
    return 1;
  }

  kernels::CompileOptions kopts;
  kopts.target = hostTarget.empty() ? "host" : hostTarget;
  kopts.naive = options.optLevel == 0;
  // A database that cannot be read is a warning: the defaults still work.
  kernels::TuningDb tuningDb;
  if (!options.tuningDbPath.empty()) {
    std::string warning;
    if (!llvm::sys::fs::exists(options.tuningDbPath))
      warning = options.tuningDbPath + ": no such file";
    else
      tuningDb.load(options.tuningDbPath, warning);
    if (!warning.empty())
      errs << "asrc: warning: --tuning-db: " << warning
           << (tuningDb.empty() ? "; default schedules used\n" : "\n");
    if (options.optLevel == 0)
      errs << "asrc: warning: --tuning-db is ignored at -O0 (naive schedules)\n";
    kopts.tuningDb = &tuningDb;
  }
  kopts.autoscheduler = options.autoscheduler;
  kopts.autoscheduleFrames = options.autoscheduleFrames;
  if (!kopts.autoscheduler.empty()) { // the threads the library will run with
    const char *threads = std::getenv("HL_NUM_THREADS");
    kopts.autoscheduleThreads =
        threads ? std::max(1, std::atoi(threads))
                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  size_t tunedExact = 0, tunedByClass = 0, autoscheduled = 0;
  std::vector<std::string> objects;
  if (emitOptions.host) {
    Stage stage(options, errs,
                "compile " + std::to_string(model.kernels.size()) + " Halide kernels");
    // Per-kernel progress only on a terminal (it rewrites one line).
    bool showKernels = !options.quiet && llvm::sys::Process::StandardErrIsDisplayed();
    std::string error, canonical;
    if (!kernels::resolveTarget(kopts, canonical, error)) {
      errs << "asrc: error: --target: " << error << "\n";
      stage.failed();
      return 1;
    }
    for (auto [i, kernel] : llvm::enumerate(model.kernels)) {
      if (showKernels)
        errs << "\rasrc:   kernel " << (i + 1) << "/" << model.kernels.size() << " "
             << kernel.function << "                ";
      std::string obj = inDir(objDir, kernel.function + ".o");
      kernels::KernelScheduleReport report;
      if (!kernels::compileKernelObject(kernel.desc, kernel.function, obj, kopts, error,
                                        &report)) {
        errs << "\n" << options.specPath << ": " << kernel.location
             << ": error: cannot compile kernel " << kernel.function << ": " << error << "\n";
        stage.failed();
        return 1;
      }
      if (!report.warning.empty())
        errs << (showKernels ? "\n" : "") << options.specPath << ": " << kernel.location
             << ": warning: kernel " << kernel.function << ": " << report.warning << "\n";
      autoscheduled += report.autoscheduled;
      tunedExact += report.match == kernels::TuningMatch::Exact;
      tunedByClass += report.match == kernels::TuningMatch::ShapeClass;
      objects.push_back(obj);
    }
    if (showKernels && !model.kernels.empty())
      errs << "\r" << std::string(70, ' ') << "\r";
    if (!kopts.autoscheduler.empty() && !options.quiet)
      errs << "asrc: " << kopts.autoscheduler << " scheduled " << autoscheduled << " of "
           << model.kernels.size() << " kernels (for " << kopts.autoscheduleThreads
           << (kopts.autoscheduleThreads == 1 ? " thread" : " threads")
           << "), the others use default schedules\n";
    if (kopts.tuningDb && !options.quiet && !kopts.naive)
      errs << "asrc: tuning database " << options.tuningDbPath << ": "
           << (tunedExact + tunedByClass) << " of " << model.kernels.size()
           << " kernels tuned (" << tunedExact << " exact, " << tunedByClass
           << " by shape class), the others use default schedules\n";
    std::string rt = inDir(objDir, "halide_runtime.o");
    if (!kernels::compileRuntimeObject(rt, kopts, error)) {
      errs << "asrc: error: cannot compile the Halide runtime: " << error << "\n";
      stage.failed();
      return 1;
    }
    objects.push_back(rt);
  }
  if (wantCuda) {
    std::string obj;
    if (!compileCuda(options, model, cudaSource, objDir, obj, errs))
      return 1;
    objects.push_back(obj);
  }
  {
    // The entry points are glue (kernel calls and checks), one function
    // each, whose size grows with the model's layers; g++ -O2 is superlinear
    // on such a function (a 200-layer encoder's 5 MB: 13 min and 5.8 GB;
    // -O1: 3 min and 1.6 GB). Sources beyond the examples' size (whisper_tiny:
    // 0.5 MB) take -O1; the kernels keep their schedules either way.
    constexpr size_t kLargeEntrySource = size_t(1) << 20;
    bool large = model.source.size() > kLargeEntrySource;
    Stage stage(options, errs,
                large ? "compile entry points (c++ -O1, " +
                            std::to_string((model.source.size() + (size_t(1) << 19)) >> 20) + " MB)"
                      : std::string("compile entry points (c++)"));
    std::string obj = inDir(objDir, model.name + ".o");
    std::vector<std::string> cmd = {ASRC_ENTRY_CXX, "-std=c++17", large ? "-O1" : "-O2", "-fPIC", "-c",
                                    sourcePath, "-o", obj, "-I" ASRC_RUNTIME_INCLUDE_DIR,
                                    "-I" ASRC_HALIDE_INCLUDE_DIR};
    appendSanitizerFlags(cmd);
    if (!runCommand(cmd, errs)) {
      stage.failed();
      return 1;
    }
    objects.insert(objects.begin(), obj);
  }
  if (options.emit == EmitKind::Objects)
    return 0;
  {
    Stage stage(options, errs, "link lib" + model.name + ".so");
    std::vector<std::string> cmd = {ASRC_ENTRY_CXX, "-shared", "-o",
                                    inDir(outDir, "lib" + model.name + ".so")};
    appendSanitizerFlags(cmd);
    cmd.insert(cmd.end(), objects.begin(), objects.end());
    // The whole runtime archive: every lib<model>.so exports all of asrc.h
    // (the audio functions too, which no generated code references); its
    // audio input needs libsndfile and libsoxr (runtime/CMakeLists.txt).
    cmd.insert(cmd.end(), {"-Wl,--whole-archive", ASRC_RUNTIME_LIBRARY, "-Wl,--no-whole-archive",
                           "-lsndfile", "-lsoxr", "-lpthread", "-ldl", "-lm"});
    if (!runCommand(cmd, errs)) {
      stage.failed();
      return 1;
    }
  }
  // The weights beside the library (a hard link where possible), so that the
  // output directory is a model directory that asr-run and the Python module
  // load by itself.
  // A spec that declares its weights builds without the file (a fresh
  // clone has no generated example weights): then there is nothing to copy.
  std::string weightsCopy;
  auto w = module->getOperation()->getAttrOfType<StringAttr>("asr.weights");
  if (w && !llvm::sys::fs::exists(w.getValue())) {
    if (!options.quiet)
      errs << "asrc: note: no weights file '" << w.getValue()
           << "' (built from the spec's declared weights): give one to " << model.name
           << "_create\n";
  } else if (w) {
    weightsCopy = inDir(outDir, model.name + ".safetensors");
    llvm::sys::fs::UniqueID from, to;
    bool same = !llvm::sys::fs::getUniqueID(w.getValue(), from) &&
                !llvm::sys::fs::getUniqueID(weightsCopy, to) && from == to;
    if (!same) {
      llvm::sys::fs::remove(weightsCopy);
      if (llvm::sys::fs::create_hard_link(w.getValue(), weightsCopy))
        if (std::error_code ec = llvm::sys::fs::copy_file(w.getValue(), weightsCopy)) {
          errs << "asrc: error: cannot copy the weights '" << w.getValue() << "' to '"
               << weightsCopy << "': " << ec.message() << "\n";
          return 1;
        }
    }
  }
  if (!options.quiet)
    errs << "asrc: wrote " << inDir(outDir, "lib" + model.name + ".so") << ", " << headerPath
         << (weightsCopy.empty() ? "" : " and " + weightsCopy) << "\n";
  return 0;
}

void printOpVocabulary(llvm::raw_ostream &os) {
  os << "<!-- Generated by `asrc --list-ops`; test/lit/frontend/op-vocabulary.test keeps it in sync. -->\n"
     << "| op | inputs | weights (role: prefix suffix) | attributes | results | what it does |\n"
     << "|---|---|---|---|---|---|\n";
  auto kindName = [](const AttrSpec &a) -> std::string {
    switch (a.kind) {
    case AttrKind::Int: return "int";
    case AttrKind::Float: return "float";
    case AttrKind::Bool: return "bool";
    case AttrKind::IntList: return "[int]";
    case AttrKind::String: return "string";
    case AttrKind::Enum: {
      std::string s;
      for (const char *c : a.cases)
        s += std::string(s.empty() ? "" : " \\| ") + c;
      return s;
    }
    }
    return "";
  };
  for (const OpSpec &op : allOps()) {
    std::string ins, ws, attrs, results;
    for (const OperandSpec &o : op.operands) {
      std::string item = std::string("`") + o.name + "`" + (o.optional ? "?" : "") +
                         (o.variadic ? "..." : "");
      if (o.source == Source::Input)
        ins += (ins.empty() ? "" : ", ") + item;
      else
        ws += (ws.empty() ? "" : ", ") + item + ": `" + o.suffix + "`";
    }
    for (const AttrSpec &a : op.attrs)
      attrs += std::string(attrs.empty() ? "" : ", ") + "`" + a.name + "`: " + kindName(a);
    for (const char *r : op.results)
      results += std::string(results.empty() ? "" : ", ") + r;
    os << "| `" << op.json << "` | " << ins << " | " << ws << " | " << attrs << " | " << results
       << " | " << op.summary << " |\n";
  }
}

} // namespace asr
