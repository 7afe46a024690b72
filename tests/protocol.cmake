# Wire format (core/protocol frames + IEs) and capture reading (core/analysis) tests.

# Test helper shared by any suite that needs to write captures: tests/support/pcap_writer.{h,cpp}.
if(NOT TARGET iax_test_support)
  add_library(iax_test_support STATIC ${CMAKE_CURRENT_LIST_DIR}/support/pcap_writer.cpp
                                      ${CMAKE_CURRENT_LIST_DIR}/support/pcap_writer.h)
  target_include_directories(iax_test_support PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(iax_test_support PUBLIC PkgConfig::PCAP)
endif()

iax_add_qtest(tst_ies SOURCES tst_ies.cpp LIBS iax_protocol LABELS protocol)
iax_add_qtest(tst_call_cipher SOURCES tst_call_cipher.cpp LIBS iax_protocol Qt6::Core LABELS protocol)
iax_add_qtest(tst_frames SOURCES tst_frames.cpp LIBS iax_protocol iax_analysis Qt6::Core LABELS protocol)
iax_add_qtest(tst_pcap_reader SOURCES tst_pcap_reader.cpp LIBS iax_analysis iax_test_support LABELS protocol)

find_program(IAX_TSHARK tshark)
iax_add_qtest(tst_tshark SOURCES tst_tshark.cpp LIBS iax_protocol iax_test_support LABELS protocol)
target_compile_definitions(tst_tshark PRIVATE IAX_TSHARK="${IAX_TSHARK}")
