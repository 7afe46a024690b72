# Proof: the impairment soak (virtual time) and the CTest replay of every committed fuzz input.
iax_add_qtest(tst_soak SOURCES tst_soak.cpp sim/sim_link.h LIBS iax_protocol TIMEOUT 900 LABELS soak)
iax_add_qtest(tst_fuzz_regressions
  SOURCES tst_fuzz_regressions.cpp fuzz/fuzz_common.cpp fuzz/fuzz_common.h fuzz/fuzz_frame.cpp fuzz/fuzz_ie.cpp
          fuzz/fuzz_decrypt.cpp fuzz/fuzz_pcap.cpp fuzz/fuzz_engine.cpp fuzz/fuzz_cli.cpp fuzz/fuzz_keys.cpp
          fuzz/fuzz_settings.cpp
  LIBS iax_protocol iax_analysis iax_keys iax_cli iax_phone Qt6::Core
  TIMEOUT 300 LABELS fuzz)
target_include_directories(tst_fuzz_regressions PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
