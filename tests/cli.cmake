# iaxphone-cli and core/net: parsers (unit), the EngineHost on threads over loopback, and the real
# binary (options, decode, end to end via QProcess). Targets that include core/protocol headers use
# QT_NO_KEYWORDS (Qt's `emit` macro collides with identifiers there).
iax_add_qtest(tst_cli_uri SOURCES tst_cli_uri.cpp LIBS iax_cli LABELS cli)
iax_add_qtest(tst_cli_gateway SOURCES tst_cli_gateway.cpp LIBS iax_cli LABELS cli)
iax_add_qtest(tst_cli_options SOURCES tst_cli_options.cpp LIBS Qt6::Core OpenSSL::Crypto LABELS cli)
add_dependencies(tst_cli_options iaxphone-cli)
iax_add_qtest(tst_net_engine_host SOURCES tst_net_engine_host.cpp LIBS iax_net TIMEOUT 300 LABELS cli net e2e)
target_compile_definitions(tst_net_engine_host PRIVATE QT_NO_KEYWORDS)
# Issue 19: the network monitor on a simulated host; a call and a registration across an address
# change and a sleep.
iax_add_qtest(tst_net_network_change SOURCES tst_net_network_change.cpp LIBS iax_net TIMEOUT 120 LABELS net)
target_compile_definitions(tst_net_network_change PRIVATE QT_NO_KEYWORDS)
# Issue 19: a call on a sound card is ticked just after the card's captured frame.
iax_add_qtest(tst_net_media_tick SOURCES tst_net_media_tick.cpp LIBS iax_net TIMEOUT 120 LABELS net)
target_compile_definitions(tst_net_media_tick PRIVATE QT_NO_KEYWORDS)
iax_add_qtest(tst_net_host_hangup_all SOURCES tst_net_host_hangup_all.cpp LIBS iax_net TIMEOUT 120 LABELS net)
iax_add_qtest(tst_cli_decode SOURCES tst_cli_decode.cpp LIBS Qt6::Core LABELS cli)
add_dependencies(tst_cli_decode iaxphone-cli)
iax_add_qtest(tst_cli_e2e SOURCES tst_cli_e2e.cpp LIBS Qt6::Core Qt6::Network PkgConfig::SNDFILE iax_analysis TIMEOUT 600 LABELS cli e2e)
add_dependencies(tst_cli_e2e iaxphone-cli)
# Issue 20: --identity FILE, peer_identity in the encryption event
iax_add_qtest(tst_cli_e2e_identity SOURCES tst_cli_e2e_identity.cpp LIBS Qt6::Core Qt6::Network iax_keys TIMEOUT 300 LABELS cli e2e)
add_dependencies(tst_cli_e2e_identity iaxphone-cli)
iax_add_qtest(tst_cli_load SOURCES tst_cli_load.cpp LIBS Qt6::Core Qt6::Network TIMEOUT 300 LABELS cli e2e)
add_dependencies(tst_cli_load iaxphone-cli)
iax_add_qtest(tst_cli_audio SOURCES tst_cli_audio.cpp LIBS Qt6::Core Qt6::Network PkgConfig::SNDFILE
              ENV ${IAX_SOUND_ASAN_ENV} WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh
              TIMEOUT 300 LABELS cli e2e audio)
add_dependencies(tst_cli_audio iaxphone-cli)
iax_add_qtest(tst_cli_incoming SOURCES tst_cli_incoming.cpp LIBS Qt6::Core Qt6::Network PkgConfig::SNDFILE iax_audio
              TIMEOUT 300 LABELS cli e2e)
target_compile_definitions(tst_cli_incoming PRIVATE QT_NO_KEYWORDS)
add_dependencies(tst_cli_incoming iaxphone-cli)
iax_add_qtest(tst_cli_halfopen SOURCES tst_cli_halfopen.cpp LIBS iax_protocol Qt6::Core Qt6::Network PkgConfig::SNDFILE
              TIMEOUT 300 LABELS cli e2e)
target_compile_definitions(tst_cli_halfopen PRIVATE QT_NO_KEYWORDS)
add_dependencies(tst_cli_halfopen iaxphone-cli)
# the exit status of a call answered and then ended by the peer's HANGUP (normal or failure cause)
iax_add_qtest(tst_cli_exit_after_answer SOURCES tst_cli_exit_after_answer.cpp support/udp_engine.h
              LIBS iax_protocol Qt6::Core Qt6::Network PkgConfig::SNDFILE TIMEOUT 180 LABELS cli e2e)
target_compile_definitions(tst_cli_exit_after_answer PRIVATE QT_NO_KEYWORDS)
add_dependencies(tst_cli_exit_after_answer iaxphone-cli)
iax_add_qtest(tst_terminal_text SOURCES tst_terminal_text.cpp LIBS iax_cli LABELS cli)
target_compile_definitions(tst_terminal_text PRIVATE QT_NO_KEYWORDS)
# Issue 18's native features in the CLI's event lines (voicemail counts, transfer, text, incoming).
iax_add_qtest(tst_cli_features SOURCES tst_cli_features.cpp LIBS iax_cli LABELS cli)
iax_add_qtest(tst_cli_network SOURCES tst_cli_network.cpp LIBS iax_cli LABELS cli net)
target_compile_definitions(tst_cli_network PRIVATE QT_NO_KEYWORDS)
target_compile_definitions(tst_cli_features PRIVATE QT_NO_KEYWORDS)
# Issue 20: decode of an end-to-end call (capture written from two Engines) says it cannot be
# decrypted from the secret (exit 8); the same call hop-by-hop decodes.
iax_add_qtest(tst_decode_e2e SOURCES tst_decode_e2e.cpp sim/e2e_pair.h LIBS iax_protocol iax_analysis iax_test_support
              Qt6::Core Qt6::Network PkgConfig::SNDFILE LABELS cli)
add_dependencies(tst_decode_e2e iaxphone-cli)
