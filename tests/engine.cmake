# The sans-IO Engine: calls, registration, call tokens, encryption — on a simulated link with a
# virtual clock (tests/sim), and against the frames of the Asterisk captures.
set(IAX_ENGINE_SIM sim/sim_link.h sim/engine_pair.h sim/asterisk_frames.h)
iax_add_qtest(tst_call_table SOURCES tst_call_table.cpp LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_call_state SOURCES tst_call_state.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_calls SOURCES tst_engine_calls.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_network SOURCES tst_engine_network.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_crypto SOURCES tst_engine_crypto.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_hostile SOURCES tst_engine_hostile.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_halfopen SOURCES tst_engine_halfopen.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_duplicate_call SOURCES tst_engine_duplicate_call.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol
  LABELS engine)
# Issue 19: a call across an address change and a sleep, registration after a network change,
# the keepalive behind NAT.
iax_add_qtest(tst_engine_roaming SOURCES tst_engine_roaming.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_registration SOURCES tst_engine_registration.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol
  LABELS engine)
iax_add_qtest(tst_engine_replay SOURCES tst_engine_replay.cpp LIBS iax_protocol iax_analysis Qt6::Core LABELS engine)
iax_add_qtest(tst_engine_incoming SOURCES tst_engine_incoming.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol iax_analysis
  Qt6::Core LABELS engine)
iax_add_qtest(tst_engine_input SOURCES tst_engine_input.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol OpenSSL::Crypto
  LABELS engine)
# Issue 20: the end-to-end mode between two engines, and the fallback to AES-128-CBC.
iax_add_qtest(tst_engine_e2e SOURCES tst_engine_e2e.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
# ... a man in the middle who knows the secret (different SAS words), every flipped bit of captured frames
iax_add_qtest(tst_engine_e2e_attacks SOURCES tst_engine_e2e_attacks.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol
  LABELS engine)
iax_add_qtest(tst_engine_e2e_asterisk SOURCES tst_engine_e2e_asterisk.cpp LIBS iax_protocol iax_analysis Qt6::Core
  LABELS engine)
# Issue 18's native features (encrypted dial, transfer, voicemail count, auto-answer, DND) on the
# simulated link and against the live-Asterisk captures in data/interop/asterisk-*.
iax_add_qtest(tst_native_features SOURCES tst_native_features.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol iax_analysis
  Qt6::Core LABELS engine)
# ... Ed25519 identities in that mode: fingerprints, optional identities, a relay, pins, bad signatures
iax_add_qtest(tst_engine_e2e_identity SOURCES tst_engine_e2e_identity.cpp sim/e2e_mitm.h ${IAX_ENGINE_SIM}
  LIBS iax_protocol LABELS engine)
# Issue 22: Engine's cloning constructor (fuzz_engine's snapshots) continues a call byte for byte.
iax_add_qtest(tst_engine_clone SOURCES tst_engine_clone.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS engine)
# Voice in IAX2 trunk frames (Asterisk with trunk=yes, never encrypted): played and honestly not
# "encrypted" (opportunistic) or dropped with the call ended (required); the live capture data/interop/asterisk-trunk
iax_add_qtest(tst_engine_trunk SOURCES tst_engine_trunk.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol iax_analysis
  Qt6::Core LABELS engine)
