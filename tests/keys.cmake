# RSA key management: generation, the trusted-key store and pins, the HTTPS key-server client,
# the RSA→MD5 fallback policy, and the `keygen` / `keys` CLI commands.
iax_add_qtest(tst_keys_keygen SOURCES tst_keys_keygen.cpp LIBS iax_keys iax_protocol OpenSSL::Crypto Qt6::Core
  LABELS keys crypto)
# Key pair files in a key directory (core/keys/key_generation.h), without the CLI.
iax_add_qtest(tst_keys_generation SOURCES tst_keys_generation.cpp LIBS iax_keys iax_protocol Qt6::Core LABELS keys crypto)
iax_add_qtest(tst_keys_store SOURCES tst_keys_store.cpp LIBS iax_keys Qt6::Core LABELS keys)
iax_add_qtest(tst_keys_server SOURCES tst_keys_server.cpp ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.cpp
  LIBS iax_keys OpenSSL::Crypto Qt6::Core Qt6::Network LABELS keys TIMEOUT 120 ENV ${IAX_TLS_ASAN_ENV})
# Concurrent writers of one store: two threads, and `iaxphone-cli keys import` processes beside
# in-process imports; the store's lock file keeps every pin, a held lock gives "busy".
iax_add_qtest(tst_keys_concurrency SOURCES tst_keys_concurrency.cpp LIBS iax_keys OpenSSL::Crypto Qt6::Core
  LABELS keys TIMEOUT 180)
add_dependencies(tst_keys_concurrency iaxphone-cli)
iax_add_qtest(tst_keys_fallback SOURCES tst_keys_fallback.cpp LIBS iax_keys LABELS keys)
# The CLI commands (app/cli/cmd_keygen.cpp) are compiled in directly (not via iax_cli) so this suite does not depend on the
# audio/phone parts of the CLI library.
iax_add_qtest(tst_keys_cli SOURCES tst_keys_cli.cpp ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.cpp
  ${PROJECT_SOURCE_DIR}/app/cli/cmd_keygen.h LIBS iax_keys Qt6::Core Qt6::Network LABELS keys)
# The Engine's side of the key lookup: PeerKeyNeeded, the bounded wait before AUTHREQ, RSA with the
# supplied key, the MD5 fallback on the wire (simulated link, virtual clock).
iax_add_qtest(tst_engine_keys SOURCES tst_engine_keys.cpp ${IAX_ENGINE_SIM} LIBS iax_protocol LABELS keys engine)
# End to end: two iaxphone-cli processes, the callee fetching the caller's key from a local HTTPS
# key server in the test process (pin on first use, refused change, MD5 fallback, clear errors).
iax_add_qtest(tst_keys_e2e SOURCES tst_keys_e2e.cpp support/https_key_server.h
  LIBS iax_protocol OpenSSL::Crypto Qt6::Core Qt6::Network PkgConfig::SNDFILE LABELS keys e2e TIMEOUT 300
  ENV ${IAX_TLS_ASAN_ENV})
add_dependencies(tst_keys_e2e iaxphone-cli)
# The host's side: CallerKeyLookup answers PeerKeyNeeded from the store or the local HTTPS key server.
iax_add_qtest(tst_keys_lookup SOURCES tst_keys_lookup.cpp support/https_key_server.h
  LIBS iax_net OpenSSL::Crypto Qt6::Core Qt6::Network LABELS keys net TIMEOUT 120
  ENV ${IAX_TLS_ASAN_ENV})
target_compile_definitions(tst_keys_lookup PRIVATE QT_NO_KEYWORDS)
