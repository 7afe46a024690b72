# Offline capture decoding and decryption (core/analysis).
iax_add_qtest(tst_capture_decoder SOURCES tst_capture_decoder.cpp LIBS iax_analysis Qt6::Core PkgConfig::SNDFILE LABELS crypto)
