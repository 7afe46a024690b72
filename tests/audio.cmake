# Audio: G.711 known answers, codecs, the SPSC ring, and a real sound device (PortAudio through
# a private PulseAudio null sink started by tests/scripts/with-pulse.sh).
iax_add_qtest(tst_audio_codecs SOURCES tst_audio_codecs.cpp LIBS iax_audio LABELS audio)
iax_add_qtest(tst_audio_device SOURCES tst_audio_device.cpp LIBS iax_audio ENV "ASAN_OPTIONS=detect_leaks=0"
              WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS audio)
