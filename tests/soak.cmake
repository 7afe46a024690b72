# Proof: the impairment soak (virtual time) and the CTest replay of every committed fuzz input.
iax_add_qtest(tst_soak SOURCES tst_soak.cpp sim/sim_link.h LIBS iax_protocol TIMEOUT 900 LABELS soak)
iax_add_qtest(tst_fuzz_regressions
  SOURCES tst_fuzz_regressions.cpp fuzz/fuzz_common.cpp fuzz/fuzz_common.h fuzz/fuzz_frame.cpp fuzz/fuzz_ie.cpp
          fuzz/fuzz_decrypt.cpp fuzz/fuzz_pcap.cpp fuzz/fuzz_engine.cpp fuzz/fuzz_cli.cpp fuzz/fuzz_keys.cpp
          fuzz/fuzz_settings.cpp fuzz/fuzz_engine_script.cpp fuzz/engine_harness.h fuzz/engine_script_parts.h fuzz/fuzz_registrar.cpp
          fuzz/fuzz_key_server.cpp fuzz/fuzz_contacts.cpp fuzz/fuzz_e2e.cpp
  LIBS iax_protocol iax_analysis iax_keys iax_cli iax_phone Qt6::Core Qt6::Network
  TIMEOUT 300 LABELS fuzz)
target_include_directories(tst_fuzz_regressions PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
# The structure-aware targets read their input with LLVM's header-only FuzzedDataProvider; a GCC
# build takes it from clang-14's resource directory (package libclang-rt-14-dev, scripts/deps.sh --test).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  file(GLOB _iax_fdp_dirs /usr/lib/llvm-*/lib/clang/*/include)
  find_path(IAX_FUZZED_DATA_PROVIDER_DIR fuzzer/FuzzedDataProvider.h PATHS ${_iax_fdp_dirs} NO_DEFAULT_PATH)
  if(NOT IAX_FUZZED_DATA_PROVIDER_DIR)
    message(FATAL_ERROR "tst_fuzz_regressions needs fuzzer/FuzzedDataProvider.h (Debian: libclang-rt-14-dev)")
  endif()
  # -idirafter: only this header is wanted from there, never clang's own versions of the C headers.
  target_compile_options(tst_fuzz_regressions PRIVATE -idirafter ${IAX_FUZZED_DATA_PROVIDER_DIR})
endif()
