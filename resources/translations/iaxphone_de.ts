<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <location filename="../../core/phone/keychain_secret_store.cpp" line="22"/>
        <source>You chose to go on without the keychain.</source>
        <translation>Sie haben entschieden, ohne den Schlüsselbund fortzufahren.</translation>
    </message>
    <message>
        <location filename="../../core/phone/keychain_secret_store.cpp" line="64"/>
        <source>The keychain did not answer within %1 s.</source>
        <translation>Der Schlüsselbund hat nicht innerhalb von %1 s geantwortet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/keychain_secret_store.cpp" line="78"/>
        <source>Keychain error: %1</source>
        <translation>Fehler des Schlüsselbunds: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/qsettings_store.cpp" line="173"/>
        <source>The settings file %1 could not be read; defaults are used.</source>
        <translation>Die Einstellungsdatei %1 konnte nicht gelesen werden; es gelten die Voreinstellungen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/qsettings_store.cpp" line="37"/>
        <source>The settings file %1 lists %2 accounts; only the first %3 are read.</source>
        <translation>Die Einstellungsdatei %1 enthält %2 Konten; nur die ersten %3 werden gelesen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/qsettings_store.cpp" line="211"/>
        <source>The settings could not be written to %1.</source>
        <translation>Die Einstellungen konnten nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_persistence.cpp" line="16"/>
        <source>The secrets of &quot;%1&quot; could not be read from the keychain: %2</source>
        <translation>Die Geheimnisse von „%1“ konnten nicht aus dem Schlüsselbund gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_persistence.cpp" line="38"/>
        <source>The secret of &quot;%1&quot; could not be stored in the keychain: %2</source>
        <translation>Das Geheimnis von „%1“ konnte nicht im Schlüsselbund gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_persistence.cpp" line="44"/>
        <source>The key passphrase of &quot;%1&quot; could not be stored in the keychain: %2</source>
        <translation>Die Schlüssel-Passphrase von „%1“ konnte nicht im Schlüsselbund gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>SecureDial</name>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="82"/>
        <source>The call could not be encrypted (%1); the destination was not sent.</source>
        <translation>Der Anruf konnte nicht verschlüsselt werden (%1); das Ziel wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="95"/>
        <source>The call is not encrypted (%1); the destination was not sent.</source>
        <translation>Der Anruf ist nicht verschlüsselt (%1); das Ziel wurde nicht gesendet.</translation>
    </message>
</context>
<context>
    <name>iax::phone</name>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="21"/>
        <source>sent encrypted</source>
        <translation>verschlüsselt gesendet</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="22"/>
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="23"/>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="26"/>
        <source>via %1, %2</source>
        <translation>über %1, %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="69"/>
        <source>The server did not accept this account&apos;s secret (or key); check it in Settings.</source>
        <translation>Der Server hat das Geheimnis (oder den Schlüssel) dieses Kontos nicht angenommen; prüfen Sie es in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="73"/>
        <source>The call was refused: it must be end-to-end encrypted, and the other side did not agree (or its identity key changed).</source>
        <translation>Der Anruf wurde abgelehnt: Er muss Ende-zu-Ende-verschlüsselt sein, und die Gegenseite hat nicht zugestimmt (oder ihr Identitätsschlüssel hat sich geändert).</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="77"/>
        <source>The server does not encrypt calls for this account; your settings require encryption.</source>
        <translation>Der Server verschlüsselt Anrufe dieses Kontos nicht; Ihre Einstellungen verlangen Verschlüsselung.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="79"/>
        <source>The call&apos;s encryption failed, so it is not private.</source>
        <translation>Die Verschlüsselung des Anrufs ist fehlgeschlagen; er ist daher nicht vertraulich.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="81"/>
        <source>The number is busy.</source>
        <translation>Die Nummer ist besetzt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="83"/>
        <source>The server is busy or has no route to that number.</source>
        <translation>Der Server ist ausgelastet oder hat keinen Weg zu dieser Nummer.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="85"/>
        <source>The server refused the call&apos;s authentication.</source>
        <translation>Der Server hat die Authentifizierung des Anrufs abgelehnt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="87"/>
        <source>The server did not answer.</source>
        <translation>Der Server hat nicht geantwortet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="89"/>
        <source>The call timed out.</source>
        <translation>Zeitüberschreitung beim Anruf.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="91"/>
        <source>The server has no such number or extension.</source>
        <translation>Der Server kennt diese Nummer oder Durchwahl nicht.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="93"/>
        <source>The server offers this account no codec this phone has (Opus, G.711 µ-law or A-law).</source>
        <translation>Der Server bietet diesem Konto keinen Codec an, den dieses Telefon hat (Opus, G.711 µ-law oder A-law).</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="95"/>
        <source>The call was rejected.</source>
        <translation>Der Anruf wurde abgewiesen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_presentation.cpp" line="97"/>
        <source>The call failed.</source>
        <translation>Der Anruf ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="27"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="40"/>
        <source>No account for %1:%2. Add one in Settings to call %3.</source>
        <translation>Kein Konto für %1:%2. Legen Sie in den Einstellungen eines an, um %3 anzurufen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="48"/>
        <source>The call will be encrypted (required: it fails rather than go unencrypted).</source>
        <translation>Der Anruf wird verschlüsselt (verlangt: lieber scheitert er, als unverschlüsselt zu laufen).</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="51"/>
        <source>The call will be encrypted only if the server agrees; otherwise it is NOT encrypted.</source>
        <translation>Der Anruf wird nur verschlüsselt, wenn der Server zustimmt; sonst ist er NICHT verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="54"/>
        <source>The call will NOT be encrypted (encryption is off for this account).</source>
        <translation>Der Anruf wird NICHT verschlüsselt (Verschlüsselung ist für dieses Konto aus).</translation>
    </message>
    <message>
        <location filename="../../core/phone/link_request.cpp" line="57"/>
        <source>A link asks to call %1 with the account &quot;%2&quot;.

%3

Call now?</source>
        <translation>Ein Link möchte %1 mit dem Konto „%2“ anrufen.

%3

Jetzt anrufen?</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="27"/>
        <source>This call has no number to call back.</source>
        <translation>Zu diesem Anruf gibt es keine Nummer für einen Rückruf.</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="30"/>
        <source>The account this call used no longer exists: %1 was not called. Choose an account and press Call.</source>
        <translation>Das Konto dieses Anrufs gibt es nicht mehr: %1 wurde nicht angerufen. Wählen Sie ein Konto und drücken Sie „Anrufen“.</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="39"/>
        <source>%1 was called by secure dial, but account %2 has no secure dial now (Settings): it was not called. Press Call to call it without secure dial.</source>
        <translation>%1 wurde per sicherer Wahl angerufen, aber Konto %2 hat jetzt keine sichere Wahl (Einstellungen): es wurde nicht angerufen. Drücken Sie „Anrufen“, um ohne sichere Wahl anzurufen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="44"/>
        <source>%1 It was not called; untick Secure dial and press Call to call it without.</source>
        <translation>%1 Es wurde nicht angerufen; entfernen Sie den Haken bei „Sichere Wahl“ und drücken Sie „Anrufen“, um ohne anzurufen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="45"/>
        <source>Calling %1 with account %2 (secure dial).</source>
        <translation>Rufe %1 mit Konto %2 an (sichere Wahl).</translation>
    </message>
    <message>
        <location filename="../../core/phone/redial.cpp" line="46"/>
        <source>Calling %1 with account %2 (without secure dial).</source>
        <translation>Rufe %1 mit Konto %2 an (ohne sichere Wahl).</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_transfer.cpp" line="27"/>
        <source>the PBX took the transfer and hung up our leg</source>
        <translation>die Telefonanlage hat die Vermittlung übernommen und unsere Verbindung aufgelegt</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_transfer.cpp" line="32"/>
        <source>the call was hung up here before the PBX took the transfer</source>
        <translation>der Anruf wurde hier aufgelegt, bevor die Telefonanlage die Vermittlung übernommen hat</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_transfer.cpp" line="34"/>
        <source>the call ended before the PBX took the transfer</source>
        <translation>der Anruf endete, bevor die Telefonanlage die Vermittlung übernommen hat</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_transfer.cpp" line="45"/>
        <source>the PBX did not take the transfer: our leg was not hung up within %1 s (Asterisk refuses silently, e.g. when nobody is bridged to us)</source>
        <translation>die Telefonanlage hat die Vermittlung nicht übernommen: unsere Verbindung wurde nicht innerhalb von %1 s aufgelegt (Asterisk lehnt stillschweigend ab, z. B. wenn niemand mit uns verbunden ist)</translation>
    </message>
</context>
<context>
    <name>iax::phone::AttendedTransfer</name>
    <message>
        <location filename="../../core/phone/attended_transfer.cpp" line="18"/>
        <source>A consult call is already running; complete or cancel it first.</source>
        <translation>Es läuft bereits eine Rückfrage; schließen Sie sie zuerst ab oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <location filename="../../core/phone/attended_transfer.cpp" line="22"/>
        <source>Only an answered call can be transferred.</source>
        <translation>Nur ein angenommener Anruf kann vermittelt werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/attended_transfer.cpp" line="26"/>
        <source>Enter the number to consult.</source>
        <translation>Geben Sie die Nummer für die Rückfrage ein.</translation>
    </message>
    <message>
        <location filename="../../core/phone/attended_transfer.cpp" line="72"/>
        <source>Wait until the consulted number rings or answers.</source>
        <translation>Warten Sie, bis die Nummer der Rückfrage klingelt oder sich meldet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/attended_transfer.cpp" line="73"/>
        <source>There is no consult call to complete.</source>
        <translation>Es gibt keine Rückfrage, die abgeschlossen werden könnte.</translation>
    </message>
</context>
<context>
    <name>iax::phone::CallHistory</name>
    <message>
        <location filename="../../core/phone/call_history.cpp" line="69"/>
        <source>The call history %1 cannot be read.</source>
        <translation>Die Anrufliste %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_history.cpp" line="74"/>
        <source>The call history %1 is damaged and was ignored.</source>
        <translation>Die Anrufliste %1 ist beschädigt und wurde übergangen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_history.cpp" line="139"/>
        <source>The call history could not be written to %1.</source>
        <translation>Die Anrufliste konnte nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_history.cpp" line="45"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>iax::phone::CallTracker</name>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="222"/>
        <source>This call is not encrypted: %1</source>
        <translation>Dieser Anruf ist nicht verschlüsselt: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="223"/>
        <location filename="../../core/phone/call_tracker.cpp" line="226"/>
        <location filename="../../core/phone/call_tracker.cpp" line="306"/>
        <source>the peer did not agree to encryption</source>
        <translation>die Gegenstelle hat der Verschlüsselung nicht zugestimmt</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="225"/>
        <source>Encryption is required but the call is not encrypted: %1</source>
        <translation>Verschlüsselung ist verlangt, aber der Anruf ist nicht verschlüsselt: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="230"/>
        <source>Encryption failed.</source>
        <translation>Verschlüsselung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="230"/>
        <location filename="../../core/phone/call_tracker.cpp" line="311"/>
        <source>Encryption failed: %1</source>
        <translation>Verschlüsselung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="272"/>
        <source>busy</source>
        <translation>besetzt</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="275"/>
        <source>congestion</source>
        <translation>überlastet</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="278"/>
        <source>authentication failed</source>
        <translation>Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="281"/>
        <source>peer unreachable</source>
        <translation>Gegenstelle nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="284"/>
        <source>timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="287"/>
        <source>rejected</source>
        <translation>abgewiesen</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="300"/>
        <source>wrong secret for account %1? %2</source>
        <translation>falsches Geheimnis für Konto %1? %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="305"/>
        <source>Call refused (encryption is required): %1</source>
        <translation>Anruf abgelehnt (Verschlüsselung ist verlangt): %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/call_tracker.cpp" line="311"/>
        <source>frames could not be decrypted</source>
        <translation>Frames konnten nicht entschlüsselt werden</translation>
    </message>
</context>
<context>
    <name>iax::phone::ContactBook</name>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="46"/>
        <source>The contacts file %1 cannot be read; it is left as it is and contacts are not saved.</source>
        <translation>Die Kontaktdatei %1 kann nicht gelesen werden; sie bleibt unverändert, und Kontakte werden nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="67"/>
        <source>The contacts file %1 is damaged (%2) and could not be moved aside; contacts are not saved until it is repaired or removed.</source>
        <translation>Die Kontaktdatei %1 ist beschädigt (%2) und konnte nicht beiseitegelegt werden; Kontakte werden nicht gespeichert, bis sie repariert oder entfernt ist.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/phone/contact_book.cpp" line="72"/>
        <source>The contacts file %1 was damaged (%2). It was kept as %3; %n contact(s) could be read from it.</source>
        <translation>
            <numerusform>Die Kontaktdatei %1 war beschädigt (%2). Sie wurde als %3 aufbewahrt; %n Kontakt konnte daraus gelesen werden.</numerusform>
            <numerusform>Die Kontaktdatei %1 war beschädigt (%2). Sie wurde als %3 aufbewahrt; %n Kontakte konnten daraus gelesen werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="82"/>
        <source>Contacts are not saved: the damaged file %1 is kept as it is.</source>
        <translation>Kontakte werden nicht gespeichert: die beschädigte Datei %1 bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="88"/>
        <location filename="../../core/phone/contact_book.cpp" line="211"/>
        <source>The contacts could not be written to %1.</source>
        <translation>Die Kontakte konnten nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="117"/>
        <location filename="../../core/phone/contact_book.cpp" line="131"/>
        <source>This contact no longer exists.</source>
        <translation>Diesen Kontakt gibt es nicht mehr.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="152"/>
        <source>%1 cannot be read.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="156"/>
        <source>%1 is larger than %2 MB; it was not imported.</source>
        <translation>%1 ist größer als %2 MB; die Datei wurde nicht importiert.</translation>
    </message>
    <message>
        <location filename="../../core/phone/contact_book.cpp" line="173"/>
        <source>%1 was not added: the address book holds %2 contacts at most.</source>
        <translation>%1 wurde nicht hinzugefügt: das Adressbuch fasst höchstens %2 Kontakte.</translation>
    </message>
</context>
<context>
    <name>iax::phone::ContactsText</name>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="51"/>
        <source>a quoted field is not closed</source>
        <translation>ein Feld in Anführungszeichen ist nicht geschlossen</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="57"/>
        <source>text follows a closing quote</source>
        <translation>auf ein schließendes Anführungszeichen folgt Text</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="63"/>
        <source>a quote inside an unquoted field</source>
        <translation>ein Anführungszeichen in einem Feld ohne Anführungszeichen</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="154"/>
        <source>the first row is not a header naming a Name or Number column</source>
        <translation>die erste Zeile ist keine Kopfzeile mit einer Spalte „Name“ oder „Number“</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="161"/>
        <source>row at line %1 was skipped: %2</source>
        <translation>Datensatz in Zeile %1 wurde übersprungen: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="167"/>
        <source>row at line %1 was skipped: %2 fields where the header has %3</source>
        <translation>Datensatz in Zeile %1 wurde übersprungen: %2 Felder, wo die Kopfzeile %3 hat</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="174"/>
        <source>row at line %1 and those after it were skipped: more than %2 contacts</source>
        <translation>Datensatz in Zeile %1 und alle folgenden wurden übersprungen: mehr als %2 Kontakte</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_csv.cpp" line="195"/>
        <source>row at line %1 was skipped: it has neither a name nor a number</source>
        <translation>Datensatz in Zeile %1 wurde übersprungen: er hat weder einen Namen noch eine Nummer</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_json.cpp" line="51"/>
        <source>it is not JSON (%1 at byte %2)</source>
        <translation>sie ist kein JSON (%1 bei Byte %2)</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_json.cpp" line="57"/>
        <source>it is not an IAXPhone contacts file</source>
        <translation>sie ist keine IAXPhone-Kontaktdatei</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_json.cpp" line="62"/>
        <source>its version %1 is not known to this IAXPhone (it reads version %2)</source>
        <translation>ihre Version %1 ist diesem IAXPhone unbekannt (es liest Version %2)</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_json.cpp" line="70"/>
        <source>entries after the first %1 were left out</source>
        <translation>Einträge nach den ersten %1 wurden ausgelassen</translation>
    </message>
    <message>
        <location filename="../../core/phone/contacts_json.cpp" line="89"/>
        <source>entry %1 is not a contact</source>
        <translation>Eintrag %1 ist kein Kontakt</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="176"/>
        <source>line %1 is not &quot;name:value&quot;</source>
        <translation>Zeile %1 hat nicht die Form „Name:Wert“</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="182"/>
        <source>vCard version %1 is not supported (3.0 and 4.0 are)</source>
        <translation>vCard-Version %1 wird nicht unterstützt (nur 3.0 und 4.0)</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="202"/>
        <source>more than %1 numbers</source>
        <translation>mehr als %1 Nummern</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="216"/>
        <source>it has neither a name (FN or N) nor a number (TEL)</source>
        <translation>sie hat weder einen Namen (FN oder N) noch eine Nummer (TEL)</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="292"/>
        <source>line %1: text outside BEGIN:VCARD … END:VCARD was ignored</source>
        <translation>Zeile %1: Text außerhalb von BEGIN:VCARD … END:VCARD wurde ignoriert</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="305"/>
        <source>card %1 (line %2) was skipped: it has no END:VCARD</source>
        <translation>Karte %1 (Zeile %2) wurde übersprungen: sie hat kein END:VCARD</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="314"/>
        <source>card %1 (line %2) was skipped: more than %3 contacts</source>
        <translation>Karte %1 (Zeile %2) wurde übersprungen: mehr als %3 Kontakte</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="322"/>
        <source>card %1 (line %2) was skipped: %3</source>
        <translation>Karte %1 (Zeile %2) wurde übersprungen: %3</translation>
    </message>
    <message>
        <location filename="../../core/phone/vcard.cpp" line="326"/>
        <source>no vCard (BEGIN:VCARD) was found</source>
        <translation>es wurde keine vCard (BEGIN:VCARD) gefunden</translation>
    </message>
</context>
<context>
    <name>iax::phone::EnginePhoneController</name>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="46"/>
        <source>Sound device: %1</source>
        <translation>Audiogerät: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="65"/>
        <source>Call audio: %1</source>
        <translation>Ton des Anrufs: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="93"/>
        <source>The sound device cannot be opened (%1); the call goes on without audio.</source>
        <translation>Das Audiogerät kann nicht geöffnet werden (%1); der Anruf läuft ohne Ton weiter.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="96"/>
        <source>No audio for this call: %1</source>
        <translation>Kein Ton für diesen Anruf: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="169"/>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="188"/>
        <source>Cannot find the server &quot;%1&quot;: %2</source>
        <translation>Der Server „%1“ wurde nicht gefunden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="181"/>
        <source>The port %1 is not valid.</source>
        <translation>Der Port %1 ist ungültig.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="194"/>
        <source>Cannot find the server &quot;%1&quot;.</source>
        <translation>Der Server „%1“ wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="244"/>
        <source>Only one key server can be used at a time: incoming RSA calls use %1 (account %2); the key server of %3 is not used.</source>
        <translation>Es kann nur ein Schlüsselserver zugleich genutzt werden: eingehende RSA-Anrufe nutzen %1 (Konto %2); der Schlüsselserver von %3 wird nicht genutzt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="255"/>
        <source>The key server URL %1 (account %2) cannot be used: %3; callers&apos; keys come from the trusted keys only.</source>
        <translation>Die Schlüsselserver-URL %1 (Konto %2) kann nicht genutzt werden: %3; die Schlüssel der Anrufer kommen nur aus den vertrauenswürdigen Schlüsseln.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="272"/>
        <source>The key server offered a DIFFERENT public key for &quot;%1&quot; than the one pinned (pinned SHA-256 %2, offered %3). The new key was refused and the pinned key stays in use. Someone may be impersonating this caller, or the caller replaced their key.</source>
        <translation>Der Schlüsselserver bot für „%1“ einen ANDEREN öffentlichen Schlüssel an als den festgehaltenen (festgehalten SHA-256 %2, angeboten %3). Der neue Schlüssel wurde abgelehnt, der festgehaltene bleibt in Gebrauch. Jemand gibt sich womöglich als dieser Anrufer aus, oder der Anrufer hat seinen Schlüssel ersetzt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="278"/>
        <source>Pinned %1&apos;s key on first use (SHA-256 %2) from %3. Check this fingerprint with %1 by another channel; a different key offered later will be refused.</source>
        <translation>Den Schlüssel von %1 bei der ersten Verwendung festgehalten (SHA-256 %2) von %3. Prüfen Sie diesen Fingerabdruck mit %1 auf einem anderen Weg; ein später angebotener anderer Schlüssel wird abgelehnt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="283"/>
        <source>The public key of caller &quot;%1&quot; could not be fetched: %2</source>
        <translation>Der öffentliche Schlüssel des Anrufers „%1“ konnte nicht geholt werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="307"/>
        <source>%1: the private key %2 cannot be used: %3</source>
        <translation>%1: der private Schlüssel %2 kann nicht verwendet werden: %3</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="316"/>
        <source>%1: the public key %2 cannot be used: %3</source>
        <translation>%1: der öffentliche Schlüssel %2 kann nicht verwendet werden: %3</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="345"/>
        <source>There is no account with the id %1.</source>
        <translation>Es gibt kein Konto mit der Kennung %1.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="357"/>
        <source>Waiting for the server to release the previous registration…</source>
        <translation>Warte, bis der Server die vorige Anmeldung freigibt…</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="367"/>
        <source>Looking up %1…</source>
        <translation>Suche %1…</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="428"/>
        <source>Choose an account before calling.</source>
        <translation>Wählen Sie vor dem Anruf ein Konto.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="433"/>
        <source>Enter a number to call.</source>
        <translation>Geben Sie eine Nummer ein.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="454"/>
        <source>Too many calls at once; hang up one first.</source>
        <translation>Zu viele gleichzeitige Anrufe; legen Sie zuerst einen auf.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="490"/>
        <source>Only an answered call can be put on hold.</source>
        <translation>Nur ein angenommener Anruf kann gehalten werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="497"/>
        <source>The call could not be put on hold.</source>
        <translation>Der Anruf konnte nicht gehalten werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="519"/>
        <source>&quot;%1&quot; is not a DTMF digit (0-9, *, #, A-D).</source>
        <translation>„%1“ ist keine DTMF-Ziffer (0-9, *, #, A-D).</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="523"/>
        <source>Digits can only be sent in an answered call.</source>
        <translation>Ziffern können nur in einem angenommenen Anruf gesendet werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="528"/>
        <source>Digit not sent: this account requires encryption and the call is not encrypted yet.</source>
        <translation>Ziffer nicht gesendet: dieses Konto verlangt Verschlüsselung, und der Anruf ist noch nicht verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="545"/>
        <source>The sound device cannot be switched: %1; the previous one stays.</source>
        <translation>Das Audiogerät kann nicht gewechselt werden: %1; das bisherige bleibt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller.cpp" line="633"/>
        <source>The secret for account &quot;%1&quot; is missing (the server asks for it); enter it in Settings → Accounts.</source>
        <translation>Das Geheimnis für Konto „%1“ fehlt (der Server verlangt es); geben Sie es unter Einstellungen → Konten ein.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_recording.cpp" line="17"/>
        <source>Only an answered call can be recorded.</source>
        <translation>Nur ein angenommener Anruf kann aufgenommen werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_recording.cpp" line="22"/>
        <source>The recordings folder %1 cannot be created.</source>
        <translation>Der Aufnahmeordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_recording.cpp" line="34"/>
        <source>The call cannot be recorded: %1</source>
        <translation>Der Anruf kann nicht aufgenommen werden: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_features.cpp" line="20"/>
        <source>Enter the extension to transfer the call to.</source>
        <translation>Geben Sie die Nebenstelle ein, an die der Anruf vermittelt werden soll.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_features.cpp" line="24"/>
        <source>Only an answered call can be transferred.</source>
        <translation>Nur ein angenommener Anruf kann vermittelt werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_features.cpp" line="31"/>
        <source>this account requires encryption and the call is not encrypted yet</source>
        <translation>dieses Konto verlangt Verschlüsselung, und der Anruf ist noch nicht verschlüsselt</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_features.cpp" line="67"/>
        <source>Text not sent: this account requires encryption and the call is not encrypted yet.</source>
        <translation>Text nicht gesendet: dieses Konto verlangt Verschlüsselung, und der Anruf ist noch nicht verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_features.cpp" line="80"/>
        <source>Text not sent: %1</source>
        <translation>Text nicht gesendet: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/phone/engine_phone_controller_network.cpp" line="14"/>
        <source>Network changed: reconnecting… (%n call(s) moving)</source>
        <translation>
            <numerusform>Netzwerk geändert: verbinde neu… (%n Anruf wird verlegt)</numerusform>
            <numerusform>Netzwerk geändert: verbinde neu… (%n Anrufe werden verlegt)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_network.cpp" line="15"/>
        <source>Network changed: reconnecting…</source>
        <translation>Netzwerk geändert: verbinde neu…</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_network.cpp" line="19"/>
        <source>Reconnected: registered again after %1 s</source>
        <translation>Wieder verbunden: nach %1 s erneut angemeldet</translation>
    </message>
    <message>
        <location filename="../../core/phone/engine_phone_controller_network.cpp" line="20"/>
        <source>Reconnected</source>
        <translation>Wieder verbunden</translation>
    </message>
</context>
<context>
    <name>iax::phone::IdentityText</name>
    <message>
        <location filename="../../core/phone/e2e_identity_keychain.cpp" line="25"/>
        <source>The identity key in the keychain is damaged; end-to-end calls go on without an identity.</source>
        <translation>Der Identitätsschlüssel im Schlüsselbund ist beschädigt; Ende-zu-Ende-Anrufe laufen ohne Identität weiter.</translation>
    </message>
    <message>
        <location filename="../../core/phone/e2e_identity_keychain.cpp" line="33"/>
        <source>The identity key cannot be read from the keychain: %1</source>
        <translation>Der Identitätsschlüssel kann nicht aus dem Schlüsselbund gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../../core/phone/e2e_identity_keychain.cpp" line="47"/>
        <source>The new identity key cannot be stored in the keychain: %1</source>
        <translation>Der neue Identitätsschlüssel kann nicht im Schlüsselbund gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>iax::phone::PhoneController</name>
    <message>
        <location filename="../../core/phone/phone_controller.cpp" line="22"/>
        <source>%1 must be called encrypted, which this phone cannot ensure; it was not called.</source>
        <translation>%1 muss verschlüsselt angerufen werden, was dieses Telefon nicht sicherstellen kann; es wurde nicht angerufen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/phone_controller.cpp" line="29"/>
        <source>%1 must be called end-to-end encrypted, which this phone cannot ensure; it was not called.</source>
        <translation>%1 muss Ende-zu-Ende-verschlüsselt angerufen werden, was dieses Telefon nicht sicherstellen kann; der Anruf wurde nicht gestartet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/phone_controller.cpp" line="35"/>
        <source>This phone cannot transfer calls.</source>
        <translation>Dieses Telefon kann keine Anrufe vermitteln.</translation>
    </message>
    <message>
        <location filename="../../core/phone/phone_controller.cpp" line="40"/>
        <source>This phone cannot send text in a call.</source>
        <translation>Dieses Telefon kann in einem Anruf keinen Text senden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/phone_controller.cpp" line="55"/>
        <source>This call has no audio that could be recorded.</source>
        <translation>Dieser Anruf hat keinen Ton, der aufgenommen werden könnte.</translation>
    </message>
</context>
<context>
    <name>iax::phone::SecureDial</name>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="19"/>
        <source>Secure dial can only send digits 0-9, *, # and A-D; &quot;%1&quot; contains others.</source>
        <translation>Die sichere Wahl kann nur die Ziffern 0-9, *, # und A-D senden; „%1“ enthält andere.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="32"/>
        <source>Waiting for encryption before sending the destination…</source>
        <translation>Warte auf die Verschlüsselung, bevor das Ziel gesendet wird…</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="76"/>
        <source>Encryption was lost (%1); the rest of the destination was not sent.</source>
        <translation>Die Verschlüsselung ging verloren (%1); der Rest des Ziels wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="83"/>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="51"/>
        <source>encryption failed</source>
        <translation>Verschlüsselung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="88"/>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="57"/>
        <source>The call ended before the destination could be sent encrypted%1.</source>
        <translation>Der Anruf endete, bevor das Ziel verschlüsselt gesendet werden konnte%1.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="96"/>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="65"/>
        <source>the peer did not agree to encryption</source>
        <translation>die Gegenstelle hat der Verschlüsselung nicht zugestimmt</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="107"/>
        <source>Call encrypted; sending the destination as encrypted DTMF…</source>
        <translation>Anruf verschlüsselt; sende das Ziel als verschlüsseltes DTMF…</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="118"/>
        <source>Encryption was not confirmed in time (%1 s after the PBX accepted the call); the destination was not sent.</source>
        <translation>Die Verschlüsselung wurde nicht rechtzeitig bestätigt (%1 s nachdem die Telefonanlage den Anruf angenommen hat); das Ziel wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="120"/>
        <source>Encryption was not confirmed in time (%1 s after the answer); the destination was not sent.</source>
        <translation>Die Verschlüsselung wurde nicht rechtzeitig bestätigt (%1 s nach der Annahme); das Ziel wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial.cpp" line="136"/>
        <source>Destination sent encrypted</source>
        <translation>Ziel verschlüsselt gesendet</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="25"/>
        <source>Encrypted dial needs a destination of 1 to 80 printable characters without spaces, &apos;/&apos; or &apos;@&apos; (and not &quot;TBD&quot;); &quot;%1&quot; is not one.</source>
        <translation>Die verschlüsselte Wahl braucht ein Ziel aus 1 bis 80 druckbaren Zeichen ohne Leerzeichen, „/“ oder „@“ (und nicht „TBD“); „%1“ ist keines.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="50"/>
        <source>The call could not be encrypted (%1); the destination was not sent.</source>
        <translation>Der Anruf konnte nicht verschlüsselt werden (%1); das Ziel wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="64"/>
        <source>The call is not encrypted (%1); the destination was not sent.</source>
        <translation>Der Anruf ist nicht verschlüsselt (%1); das Ziel wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/secure_dial_tbd.cpp" line="78"/>
        <source>Destination sent encrypted (IAX DIAL)</source>
        <translation>Ziel verschlüsselt gesendet (IAX DIAL)</translation>
    </message>
</context>
<context>
    <name>iax::phone::SecureDialer</name>
    <message>
        <location filename="../../core/phone/secure_dialer.cpp" line="59"/>
        <source>This account has no secure dial extension.</source>
        <translation>Dieses Konto hat keine Nebenstelle für die sichere Wahl.</translation>
    </message>
</context>
<context>
    <name>iax::phone::SettingsValidator</name>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="71"/>
        <source>The account needs a name.</source>
        <translation>Das Konto braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="73"/>
        <source>Enter the server&apos;s host name or address.</source>
        <translation>Geben Sie den Hostnamen oder die Adresse des Servers ein.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="75"/>
        <source>&quot;%1&quot; is not a valid host name or IP address.</source>
        <translation>„%1“ ist kein gültiger Hostname und keine gültige IP-Adresse.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="77"/>
        <source>The port must be between 1 and 65535 (IAX2 uses 4569).</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen (IAX2 nutzt 4569).</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="79"/>
        <source>The user name is missing.</source>
        <translation>Der Benutzername fehlt.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="81"/>
        <source>The user name is %1 bytes long; IAX2 carries at most %2.</source>
        <translation>Der Benutzername ist %1 Bytes lang; IAX2 überträgt höchstens %2.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="85"/>
        <source>The user name may not contain spaces or control characters.</source>
        <translation>Der Benutzername darf keine Leer- oder Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="88"/>
        <source>Encryption needs the shared secret: the AES key is derived from it.</source>
        <translation>Verschlüsselung braucht das gemeinsame Geheimnis: der AES-Schlüssel wird daraus abgeleitet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="91"/>
        <source>RSA+AES needs the shared secret too: RSA only authenticates, the AES key is derived from the secret.</source>
        <translation>RSA+AES braucht ebenfalls das gemeinsame Geheimnis: RSA authentifiziert nur, der AES-Schlüssel wird aus dem Geheimnis abgeleitet.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="94"/>
        <source>RSA authentication needs a private key file.</source>
        <translation>RSA-Authentifizierung braucht eine Datei mit privatem Schlüssel.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="96"/>
        <source>The private key file &quot;%1&quot; cannot be read.</source>
        <translation>Die Datei mit dem privaten Schlüssel „%1“ kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="98"/>
        <source>The private key &quot;%1&quot; cannot be used: %2.</source>
        <translation>Der private Schlüssel „%1“ kann nicht verwendet werden: %2.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="102"/>
        <source>The public key file &quot;%1&quot; cannot be read.</source>
        <translation>Die Datei mit dem öffentlichen Schlüssel „%1“ kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="105"/>
        <source>The key rotation interval must be 0 (automatic) to 86400 seconds.</source>
        <translation>Der Abstand der Schlüsselwechsel muss 0 (automatisch) bis 86400 Sekunden betragen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="107"/>
        <source>Enable at least one codec.</source>
        <translation>Aktivieren Sie mindestens einen Codec.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="110"/>
        <source>Unknown codec &quot;%1&quot;.</source>
        <translation>Unbekannter Codec „%1“.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="115"/>
        <source>Secure dial is on but the secure dial extension is missing or invalid.</source>
        <translation>Die sichere Wahl ist an, aber ihre Nebenstelle fehlt oder ist ungültig.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="117"/>
        <source>Secure dial needs encryption: set the encryption policy to opportunistic or required.</source>
        <translation>Die sichere Wahl braucht Verschlüsselung: stellen Sie die Verschlüsselung auf „opportunistisch“ oder „verlangt“.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="121"/>
        <source>The secure dial terminator must be # or * (or none).</source>
        <translation>Das Endzeichen der sicheren Wahl muss # oder * sein (oder keines).</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="123"/>
        <source>The pause between secure dial digits must be 50 to 5000 ms.</source>
        <translation>Die Pause zwischen den Ziffern der sicheren Wahl muss 50 bis 5000 ms betragen.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="126"/>
        <source>The key server URL must start with https:// and contain {name}.</source>
        <translation>Die Schlüsselserver-URL muss mit https:// beginnen und {name} enthalten.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="135"/>
        <source>(unnamed account)</source>
        <translation>(Konto ohne Namen)</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="137"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="139"/>
        <source>Two accounts are named &quot;%1&quot;.</source>
        <translation>Zwei Konten heißen „%1“.</translation>
    </message>
    <message>
        <location filename="../../core/phone/settings_validator.cpp" line="143"/>
        <source>The ringtone file &quot;%1&quot; cannot be read.</source>
        <translation>Die Klingeltondatei „%1“ kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>iax::phone::SingleInstance</name>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="43"/>
        <source>%1 cannot be examined: %2</source>
        <translation>%1 kann nicht geprüft werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="45"/>
        <source>%1 is a symbolic link</source>
        <translation>%1 ist ein symbolischer Link</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="47"/>
        <source>%1 is not a directory</source>
        <translation>%1 ist kein Verzeichnis</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="49"/>
        <source>%1 belongs to another user (uid %2)</source>
        <translation>%1 gehört einem anderen Benutzer (uid %2)</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="52"/>
        <source>%1 can be used by other users (mode %2)</source>
        <translation>%1 kann von anderen Benutzern verwendet werden (Modus %2)</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="66"/>
        <source>The single-instance directory %1 cannot be created: %2</source>
        <translation>Das Verzeichnis für die Einzelinstanz %1 kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="73"/>
        <source>No private directory for the single-instance socket: %1%2 (remove it, or set XDG_RUNTIME_DIR)</source>
        <translation>Kein privates Verzeichnis für den Einzelinstanz-Socket: %1%2 (entfernen Sie es oder setzen Sie XDG_RUNTIME_DIR)</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="75"/>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="117"/>
        <source>There is no private directory for the single-instance socket.</source>
        <translation>Es gibt kein privates Verzeichnis für den Einzelinstanz-Socket.</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="118"/>
        <source>The single-instance socket %1 is not in a private directory: %2</source>
        <translation>Der Einzelinstanz-Socket %1 liegt nicht in einem privaten Verzeichnis: %2</translation>
    </message>
    <message>
        <location filename="../../core/phone/single_instance.cpp" line="128"/>
        <source>The single-instance socket %1 cannot be created: %2</source>
        <translation>Der Einzelinstanz-Socket %1 kann nicht angelegt werden: %2</translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountBar</name>
    <message>
        <location filename="../../ui/account_bar.cpp" line="58"/>
        <source>Not registered</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="60"/>
        <source>Registering…</source>
        <translation>Melde an…</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="62"/>
        <source>Registered</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="64"/>
        <source>Registration failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="115"/>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="236"/>
        <source>No account yet — add one in Settings.</source>
        <translation>Noch kein Konto – legen Sie eines in den Einstellungen an.</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="238"/>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="246"/>
        <source>Seen by the server as %1</source>
        <translation>Vom Server gesehen als %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="249"/>
        <source>Unregister</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../../ui/account_bar.cpp" line="249"/>
        <source>Register</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountCallsBox</name>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="11"/>
        <source>Incoming calls and voicemail</source>
        <translation>Eingehende Anrufe und Mailbox</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="14"/>
        <source>Do not disturb (refuse incoming calls as busy)</source>
        <translation>Nicht stören (eingehende Anrufe als besetzt abweisen)</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="16"/>
        <source>Honour the PBX&apos;s auto-answer request (intercom, paging)</source>
        <translation>Aufforderung der Telefonanlage zur automatischen Annahme befolgen (Gegensprechen, Durchsage)</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="18"/>
        <source>Answers at once when the server this account is registered to asks for it (Asterisk: Dial(IAX2/peer/exten/a)). Requests from anyone else are ignored.</source>
        <translation>Nimmt sofort an, wenn der Server, bei dem dieses Konto angemeldet ist, darum bittet (Asterisk: Dial(IAX2/peer/exten/a)). Aufforderungen von anderen werden ignoriert.</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="23"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="24"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="25"/>
        <source>Answers a ringing call by itself after this many seconds (never: 0).</source>
        <translation>Nimmt einen klingelnden Anruf nach so vielen Sekunden von selbst an (nie: 0).</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="28"/>
        <source>e.g. *97 (empty: no Voicemail button)</source>
        <translation>z. B. *97 (leer: keine Mailbox-Schaltfläche)</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="33"/>
        <source>Auto-answer after:</source>
        <translation>Automatisch annehmen nach:</translation>
    </message>
    <message>
        <location filename="../../ui/account_calls_box.cpp" line="34"/>
        <source>Voicemail extension:</source>
        <translation>Mailbox-Nebenstelle:</translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountEditor</name>
    <message>
        <location filename="../../ui/account_editor.cpp" line="99"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="103"/>
        <source>Rotate keys</source>
        <translation>Schlüssel wechseln</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="106"/>
        <source>Dial through the secure dial extension</source>
        <translation>Über die Nebenstelle der sicheren Wahl wählen</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="111"/>
        <source>Allow MD5+AES when RSA is unavailable</source>
        <translation>MD5+AES erlauben, wenn RSA nicht verfügbar ist</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="112"/>
        <source>Generate 1024-bit key pair…</source>
        <translation>1024-Bit-Schlüsselpaar erzeugen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="113"/>
        <source>Export public key…</source>
        <translation>Öffentlichen Schlüssel exportieren…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="122"/>
        <source>Generating the key pair…</source>
        <translation>Erzeuge das Schlüsselpaar…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="127"/>
        <source>pbx.example.net</source>
        <translation>pbx.example.net</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="128"/>
        <source>MD5 challenge</source>
        <translation>MD5-Challenge</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="129"/>
        <source>RSA signature</source>
        <translation>RSA-Signatur</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="130"/>
        <source>Off — never encrypt</source>
        <translation>Aus – nie verschlüsseln</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="131"/>
        <source>Opportunistic — encrypt when the peer agrees</source>
        <translation>Opportunistisch – verschlüsseln, wenn die Gegenstelle zustimmt</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="132"/>
        <source>Required — refuse unencrypted calls</source>
        <translation>Verlangt – unverschlüsselte Anrufe ablehnen</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="134"/>
        <location filename="../../ui/account_editor.cpp" line="158"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="135"/>
        <source>Automatic (as Asterisk)</source>
        <translation>Automatisch (wie Asterisk)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="138"/>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="140"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="144"/>
        <source>IAX2 carries an RSA signature in one 255-byte field: 1024 bits is the only size that works (and the one Asterisk uses).</source>
        <translation>IAX2 überträgt eine RSA-Signatur in einem 255-Byte-Feld: 1024 Bit ist die einzige Größe, die funktioniert (und die, die Asterisk verwendet).</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="153"/>
        <source>Trusted public keys of the server</source>
        <translation>Vertrauenswürdige öffentliche Schlüssel des Servers</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="154"/>
        <source>Codecs in order of preference</source>
        <translation>Codecs in der bevorzugten Reihenfolge</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="159"/>
        <source>Off (refresh only)</source>
        <translation>Aus (nur Auffrischung)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="160"/>
        <source>Re-register at least this often, so that a NAT router keeps the way in open and a changed public address is noticed at once (25 s: below typical NAT timeouts).</source>
        <translation>Mindestens so oft neu anmelden, damit ein NAT-Router den Weg herein offen hält und eine geänderte öffentliche Adresse sofort bemerkt wird (25 s: unter den üblichen NAT-Zeitlimits).</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="163"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="165"/>
        <source>Account name:</source>
        <translation>Kontoname:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="169"/>
        <source>Host and port:</source>
        <translation>Host und Port:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="170"/>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="171"/>
        <source>Secret:</source>
        <translation>Geheimnis:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="172"/>
        <source>Keepalive:</source>
        <translation>Keepalive:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="174"/>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="176"/>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="177"/>
        <source>Authentication:</source>
        <translation>Authentifizierung:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="181"/>
        <source>Private key:</source>
        <translation>Privater Schlüssel:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="182"/>
        <source>Key passphrase:</source>
        <translation>Schlüssel-Passphrase:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="188"/>
        <source>Own key pair:</source>
        <translation>Eigenes Schlüsselpaar:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="189"/>
        <source>Key fingerprint:</source>
        <translation>Fingerabdruck des Schlüssels:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="194"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="195"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="200"/>
        <source>Trusted public keys:</source>
        <translation>Vertrauenswürdige öffentliche Schlüssel:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="204"/>
        <source>Key rotation:</source>
        <translation>Schlüsselwechsel:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="205"/>
        <source>Key server URL:</source>
        <translation>Schlüsselserver-URL:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="208"/>
        <source>Codecs and secure dial</source>
        <translation>Codecs und sichere Wahl</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="213"/>
        <source>Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="214"/>
        <source>Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="219"/>
        <source>Codecs (preferred first):</source>
        <translation>Codecs (bevorzugte zuerst):</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="221"/>
        <source>Secure dial extension:</source>
        <translation>Nebenstelle der sicheren Wahl:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="226"/>
        <source>Terminator, pause:</source>
        <translation>Endzeichen, Pause:</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="253"/>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="253"/>
        <source>PEM keys (*.key *.pem);;All files (*)</source>
        <translation>PEM-Schlüssel (*.key *.pem);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="263"/>
        <source>Replace the key pair?</source>
        <translation>Schlüsselpaar ersetzen?</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="264"/>
        <source>This account already uses the private key %1. A new key pair replaces it for this account (the old file stays on disk); peers and key servers then need the new public key.</source>
        <translation>Dieses Konto verwendet bereits den privaten Schlüssel %1. Ein neues Schlüsselpaar ersetzt ihn für dieses Konto (die alte Datei bleibt erhalten); Gegenstellen und Schlüsselserver brauchen dann den neuen öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="277"/>
        <source>Export public key</source>
        <translation>Öffentlichen Schlüssel exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="277"/>
        <source>Public keys (*.pub);;All files (*)</source>
        <translation>Öffentliche Schlüssel (*.pub);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="283"/>
        <source>Trusted public keys</source>
        <translation>Vertrauenswürdige öffentliche Schlüssel</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="283"/>
        <source>Public keys (*.pub *.pem);;All files (*)</source>
        <translation>Öffentliche Schlüssel (*.pub *.pem);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="343"/>
        <source>no private key</source>
        <translation>kein privater Schlüssel</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="350"/>
        <source>this key cannot be used: %1</source>
        <translation>dieser Schlüssel kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="353"/>
        <source>SHA-256 %1 (%2-bit RSA)</source>
        <translation>SHA-256 %1 (%2-Bit-RSA)</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="356"/>
        <source>the private key cannot be loaded: %1</source>
        <translation>der private Schlüssel kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="371"/>
        <source>A key pair is already being generated; wait until it is done.</source>
        <translation>Es wird bereits ein Schlüsselpaar erzeugt; warten Sie, bis es fertig ist.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="374"/>
        <source>Only 1024-bit keys can be generated.</source>
        <translation>Es können nur 1024-Bit-Schlüssel erzeugt werden.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="375"/>
        <source>Not generated: %1.</source>
        <translation>Nicht erzeugt: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="378"/>
        <location filename="../../ui/account_editor.cpp" line="454"/>
        <source>The key directory &quot;%1&quot; cannot be created.</source>
        <translation>Das Schlüsselverzeichnis „%1“ kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="382"/>
        <source>The system&apos;s random number generator failed; no key was generated.</source>
        <translation>Der Zufallszahlengenerator des Systems hat versagt; es wurde kein Schlüssel erzeugt.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="394"/>
        <source>Generating a %1-bit RSA key pair…</source>
        <translation>Erzeuge ein %1-Bit-RSA-Schlüsselpaar…</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="422"/>
        <source>Key generation cancelled; no key was saved.</source>
        <translation>Schlüsselerzeugung abgebrochen; es wurde kein Schlüssel gespeichert.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="448"/>
        <source>The key pair could not be generated: %1</source>
        <translation>Das Schlüsselpaar konnte nicht erzeugt werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="457"/>
        <source>The private key could not be saved: %1</source>
        <translation>Der private Schlüssel konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="462"/>
        <source>Generated a %1-bit RSA key pair. Its passphrase is kept in the system keychain when you press OK. Export the public key and give it to your peers.</source>
        <translation>Ein %1-Bit-RSA-Schlüsselpaar wurde erzeugt. Seine Passphrase wird beim Drücken von OK im Schlüsselbund des Systems abgelegt. Exportieren Sie den öffentlichen Schlüssel und geben Sie ihn Ihren Gegenstellen.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="479"/>
        <source>There is no private key to export the public key of: generate one or choose a key file.</source>
        <translation>Es gibt keinen privaten Schlüssel, dessen öffentlichen Schlüssel man exportieren könnte: erzeugen Sie einen oder wählen Sie eine Schlüsseldatei.</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="484"/>
        <source>The private key cannot be loaded: %1</source>
        <translation>Der private Schlüssel kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="489"/>
        <source>The public key could not be written: %1</source>
        <translation>Der öffentliche Schlüssel konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/account_editor.cpp" line="491"/>
        <source>Public key written to %1 (SHA-256 %2).</source>
        <translation>Öffentlicher Schlüssel nach %1 geschrieben (SHA-256 %2).</translation>
    </message>
</context>
<context>
    <name>iax::ui::AccountsPage</name>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="29"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="30"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="24"/>
        <location filename="../../ui/accounts_page.cpp" line="68"/>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="40"/>
        <source>Account settings</source>
        <translation>Kontoeinstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/accounts_page.cpp" line="124"/>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
</context>
<context>
    <name>iax::ui::AudioPage</name>
    <message>
        <location filename="../../ui/audio_page.cpp" line="24"/>
        <source>Play test tone</source>
        <translation>Testton abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="26"/>
        <source>Echo cancellation</source>
        <translation>Echounterdrückung</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="27"/>
        <source>Noise suppression</source>
        <translation>Rauschunterdrückung</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="50"/>
        <source>Echo cancellation on headsets too</source>
        <translation>Echounterdrückung auch bei Headsets</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="52"/>
        <source>Echo cancellation normally stays off on a device whose name says headset or headphones (no echo path, less CPU). Turn this on for a &quot;headset&quot; that is a speakerphone or lets the far end hear itself.</source>
        <translation>Die Echounterdrückung bleibt normalerweise bei einem Gerät aus, dessen Name Headset oder Kopfhörer sagt (kein Echoweg, weniger CPU). Schalten Sie dies für ein „Headset“ ein, das eine Freisprecheinrichtung ist oder die Gegenseite sich selbst hören lässt.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="40"/>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="44"/>
        <source>Microphone:</source>
        <translation>Mikrofon:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="45"/>
        <source>Level:</source>
        <translation>Pegel:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="46"/>
        <source>Speaker:</source>
        <translation>Lautsprecher:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="48"/>
        <source>Ringer:</source>
        <translation>Klingeln:</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="58"/>
        <source>Lower latency: 10 ms Opus frames</source>
        <translation>Geringere Verzögerung: 10-ms-Opus-Rahmen</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="60"/>
        <source>Opus calls send 10 ms frames instead of 20 ms: about 15 ms less delay, twice as many packets. G.711 calls are not affected.</source>
        <translation>Opus-Anrufe senden 10-ms-Rahmen statt 20 ms: etwa 15 ms weniger Verzögerung, doppelt so viele Pakete. G.711-Anrufe sind nicht betroffen.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="84"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="96"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="101"/>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht verbunden)</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="110"/>
        <source>the system default</source>
        <translation>der Systemstandard</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="111"/>
        <source>If this device is missing during a call: %1.</source>
        <translation>Fehlt dieses Gerät während eines Anrufs: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="111"/>
        <source>, then </source>
        <translation>, dann </translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="154"/>
        <source>The microphone cannot be opened: %1</source>
        <translation>Das Mikrofon kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/audio_page.cpp" line="180"/>
        <source>The test tone cannot be played: %1</source>
        <translation>Der Testton kann nicht abgespielt werden: %1</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallChatPane</name>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="24"/>
        <source>Messages of this call</source>
        <translation>Nachrichten dieses Anrufs</translation>
    </message>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="27"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="28"/>
        <source>Message to send</source>
        <translation>Zu sendende Nachricht</translation>
    </message>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="30"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="76"/>
        <source>Me: %1</source>
        <translation>Ich: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_chat_pane.cpp" line="76"/>
        <source>Them: %1</source>
        <translation>Gegenüber: %1</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallFeaturesBar</name>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="51"/>
        <source>Transfer…</source>
        <translation>Vermitteln…</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="52"/>
        <source>Blind transfer: the PBX connects the other party to the extension you enter and hangs up this call (IAX TRANSFER, encrypted like the rest of the call).</source>
        <translation>Vermitteln ohne Rückfrage: die Telefonanlage verbindet die Gegenseite mit der eingegebenen Nebenstelle und legt diesen Anruf auf (IAX TRANSFER, verschlüsselt wie der Rest des Anrufs).</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="54"/>
        <source>Consult…</source>
        <translation>Rückfrage…</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="56"/>
        <source>Attended transfer: puts this call on hold and calls the extension you enter, so you can talk first. Complete transfer then hangs up that consult call and has the PBX connect this call to the same extension (a blind transfer). Asterisk refuses IAX2&apos;s native transfer (TXREQ) on encrypted calls, so IAXPhone does not use it.</source>
        <translation>Vermitteln mit Rückfrage: hält diesen Anruf und ruft die eingegebene Nebenstelle an, damit Sie zuerst sprechen können. „Vermittlung abschließen“ legt dann diese Rückfrage auf und lässt die Telefonanlage diesen Anruf mit derselben Nebenstelle verbinden (ein Vermitteln ohne Rückfrage). Asterisk lehnt die native Vermittlung von IAX2 (TXREQ) bei verschlüsselten Anrufen ab, daher nutzt IAXPhone sie nicht.</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="60"/>
        <source>Complete transfer</source>
        <translation>Vermittlung abschließen</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="62"/>
        <source>Cancel consult</source>
        <translation>Rückfrage abbrechen</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="63"/>
        <source>Hangs up the consult call and resumes the held call.</source>
        <translation>Legt die Rückfrage auf und setzt den gehaltenen Anruf fort.</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="64"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="66"/>
        <source>Text messages in this call (IAX TEXT frames, encrypted like the rest).</source>
        <translation>Textnachrichten in diesem Anruf (IAX-TEXT-Frames, verschlüsselt wie der Rest).</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="147"/>
        <source>Consult before transferring</source>
        <translation>Rückfrage vor dem Vermitteln</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="147"/>
        <source>Transfer call</source>
        <translation>Anruf vermitteln</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="149"/>
        <source>Extension to call first (this call is put on hold):</source>
        <translation>Zuerst anzurufende Nebenstelle (dieser Anruf wird gehalten):</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="149"/>
        <source>Extension to transfer the call to:</source>
        <translation>Nebenstelle, an die der Anruf vermittelt wird:</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="151"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="151"/>
        <source>Transfer</source>
        <translation>Vermitteln</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="238"/>
        <source>Transferring to %1…</source>
        <translation>Vermittle an %1…</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="241"/>
        <source>Transferred to %1: %2</source>
        <translation>An %1 vermittelt: %2</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="244"/>
        <source>Transfer to %1 failed: %2</source>
        <translation>Vermittlung an %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="252"/>
        <source>Consulting %1 while %2 is on hold. Complete transfer connects %2 to %1.</source>
        <translation>Rückfrage bei %1, während %2 gehalten wird. „Vermittlung abschließen“ verbindet %2 mit %1.</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="254"/>
        <source>Calling %1 while %2 is on hold…</source>
        <translation>Rufe %1 an, während %2 gehalten wird…</translation>
    </message>
    <message>
        <location filename="../../ui/call_features_bar.cpp" line="262"/>
        <source>Answered automatically.</source>
        <translation>Automatisch angenommen.</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallItemDelegate</name>
    <message>
        <location filename="../../ui/call_item_delegate.cpp" line="91"/>
        <source>muted</source>
        <translation>stumm</translation>
    </message>
    <message>
        <location filename="../../ui/call_item_delegate.cpp" line="93"/>
        <source>● REC</source>
        <translation>● AUFN</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallListModel</name>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="31"/>
        <source>Calling…</source>
        <translation>Ruft an…</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="31"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="34"/>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="34"/>
        <source>Ringing</source>
        <translation>Klingelt</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="37"/>
        <source>In call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="40"/>
        <source>On hold</source>
        <translation>Gehalten</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="43"/>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="46"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/call_list_model.cpp" line="50"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallMenu</name>
    <message>
        <location filename="../../ui/call_menu.cpp" line="17"/>
        <source>&amp;Answer</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="18"/>
        <source>&amp;Reject</source>
        <translation>A&amp;bweisen</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="19"/>
        <source>&amp;Hang up</source>
        <translation>A&amp;uflegen</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="20"/>
        <source>H&amp;old / Resume</source>
        <translation>&amp;Halten / Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="21"/>
        <source>&amp;Mute / Unmute</source>
        <translation>&amp;Stumm / Ton an</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="22"/>
        <source>&amp;Keypad</source>
        <translation>&amp;Tastenfeld</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="23"/>
        <source>Re&amp;cord / Stop recording</source>
        <translation>Au&amp;fnehmen / Aufnahme beenden</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="24"/>
        <source>&amp;Transfer…</source>
        <translation>&amp;Weiterleiten…</translation>
    </message>
    <message>
        <location filename="../../ui/call_menu.cpp" line="30"/>
        <source>&amp;Call</source>
        <translation>An&amp;ruf</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallPanel</name>
    <message>
        <location filename="../../ui/call_panel.cpp" line="60"/>
        <source>No call selected. Dial a number or pick a call from the list.</source>
        <translation>Kein Anruf ausgewählt. Wählen Sie eine Nummer oder einen Anruf aus der Liste.</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="83"/>
        <source>Confirm words</source>
        <translation>Prüfwörter bestätigen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="85"/>
        <source>The other person read the same four words: mark this peer verified.</source>
        <translation>Ihr Gegenüber hat dieselben vier Prüfwörter vorgelesen: diese Gegenstelle als verifiziert markieren.</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="93"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="120"/>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="122"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="123"/>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="124"/>
        <location filename="../../ui/call_panel.cpp" line="391"/>
        <source>Hold</source>
        <translation>Halten</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="125"/>
        <location filename="../../ui/call_panel.cpp" line="393"/>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="126"/>
        <source>Keypad</source>
        <translation>Tastenfeld</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="130"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="133"/>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="260"/>
        <source>Words (peer verified before):</source>
        <translation>Prüfwörter (Gegenstelle bereits verifiziert):</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="261"/>
        <source>Compare these words with the other person:</source>
        <translation>Vergleichen Sie diese Prüfwörter mit Ihrem Gegenüber:</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="272"/>
        <source>Both phones show the same four words unless someone is in the middle of the call. Words differ every call.</source>
        <translation>Beide Telefone zeigen dieselben vier Prüfwörter, sofern sich niemand in den Anruf eingeschaltet hat. Die Prüfwörter sind bei jedem Anruf anders.</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="302"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="315"/>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="316"/>
        <source>Speaker</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="344"/>
        <source>Muted</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="391"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../ui/call_panel.cpp" line="393"/>
        <source>Unmute</source>
        <translation>Ton an</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallQualityIndicator</name>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="56"/>
        <source>Call quality</source>
        <translation>Anrufqualität</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="91"/>
        <source>excellent</source>
        <translation>ausgezeichnet</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="93"/>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="95"/>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="97"/>
        <source>poor</source>
        <translation>schwach</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="99"/>
        <source>bad</source>
        <translation>schlecht</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="103"/>
        <source>not estimated</source>
        <translation>nicht geschätzt</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="111"/>
        <source>Call quality: not estimated for this codec</source>
        <translation>Anrufqualität: für diesen Codec nicht geschätzt</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="113"/>
        <source>Call quality: %1 (MOS %2, R %3)</source>
        <translation>Anrufqualität: %1 (MOS %2, R %3)</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="117"/>
        <source>Round trip: %1</source>
        <translation>Umlaufzeit: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="117"/>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="117"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="118"/>
        <source>Jitter of what we receive: %1 ms</source>
        <translation>Jitter des Empfangenen: %1 ms</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="119"/>
        <source>Loss of what we receive: %1 %</source>
        <translation>Verlust des Empfangenen: %1 %</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="121"/>
        <source>Jitter buffer delay: %1 ms</source>
        <translation>Verzögerung des Jitterpuffers: %1 ms</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="123"/>
        <source>Peer&apos;s report of our stream: none yet</source>
        <translation>Bericht der Gegenstelle über unseren Strom: noch keiner</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="125"/>
        <source>Peer&apos;s report of our stream: jitter %1 ms, loss %2 %, %3 packets, %4 out of order</source>
        <translation>Bericht der Gegenstelle über unseren Strom: Jitter %1 ms, Verlust %2 %, %3 Pakete, %4 außer der Reihe</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="130"/>
        <source>Estimated one-way delay: %1 ms (simplified ITU-T G.107 E-model, worse direction)</source>
        <translation>Geschätzte Einwegverzögerung: %1 ms (vereinfachtes E-Modell nach ITU-T G.107, schlechtere Richtung)</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="133"/>
        <source>Our share of it: %1 ms (capture to playout; plus half the round trip)</source>
        <translation>Unser Anteil daran: %1 ms (Aufnahme bis Wiedergabe; plus die halbe Umlaufzeit)</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="135"/>
        <source>Sound card underruns: %1</source>
        <translation>Soundkarten-Unterläufe: %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_quality_indicator.cpp" line="173"/>
        <source>Call quality: %1</source>
        <translation>Anrufqualität: %1</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallRecordControl</name>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="35"/>
        <source>● REC</source>
        <translation>● AUFN</translation>
    </message>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="43"/>
        <source>Record call</source>
        <translation>Anruf aufnehmen</translation>
    </message>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="48"/>
        <source>Recording</source>
        <translation>Aufnahme läuft</translation>
    </message>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="88"/>
        <source>Stop recording this call</source>
        <translation>Aufnahme dieses Anrufs beenden</translation>
    </message>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="88"/>
        <source>Record this call to a WAV file</source>
        <translation>Diesen Anruf in eine WAV-Datei aufnehmen</translation>
    </message>
    <message>
        <location filename="../../ui/call_record_control.cpp" line="92"/>
        <source>Recording to %1</source>
        <translation>Aufnahme nach %1</translation>
    </message>
</context>
<context>
    <name>iax::ui::CallsCard</name>
    <message>
        <location filename="../../ui/calls_card.cpp" line="34"/>
        <location filename="../../ui/calls_card.cpp" line="38"/>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <location filename="../../ui/calls_card.cpp" line="55"/>
        <source>Recent calls</source>
        <translation>Letzte Anrufe</translation>
    </message>
</context>
<context>
    <name>iax::ui::ContactEditor</name>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="30"/>
        <source>New contact</source>
        <translation>Neuer Kontakt</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="30"/>
        <source>Edit contact</source>
        <translation>Kontakt bearbeiten</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="34"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="37"/>
        <source>Numbers</source>
        <translation>Nummern</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="38"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="38"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="38"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="50"/>
        <source>Add number</source>
        <translation>Nummer hinzufügen</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="52"/>
        <source>Remove number</source>
        <translation>Nummer entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="65"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="67"/>
        <source>Always encrypted</source>
        <translation>Immer verschlüsselt</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="71"/>
        <source>Calls to this contact require encryption, whatever the account&apos;s policy: a call that would not be encrypted is refused instead of going out in clear.</source>
        <translation>Anrufe an diesen Kontakt verlangen Verschlüsselung, unabhängig von der Einstellung des Kontos: ein Anruf, der nicht verschlüsselt wäre, wird abgelehnt, statt im Klartext hinauszugehen.</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="73"/>
        <source>Always end-to-end</source>
        <translation>Immer Ende-zu-Ende</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="76"/>
        <source>Calls with this contact (another IAXPhone) must be end-to-end encrypted: a call that would not be is refused, placed or taken.</source>
        <translation>Anrufe mit diesem Kontakt (einem anderen IAXPhone) müssen Ende-zu-Ende-verschlüsselt sein: Ein Anruf, der es nicht wäre, wird abgelehnt, ob ausgehend oder eingehend.</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="84"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="92"/>
        <source>Numbers:</source>
        <translation>Nummern:</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="93"/>
        <source>N&amp;ote:</source>
        <translation>N&amp;otiz:</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="113"/>
        <source>Account for this number</source>
        <translation>Konto für diese Nummer</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="114"/>
        <source>Selected account</source>
        <translation>Ausgewähltes Konto</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="118"/>
        <source>%1 (no such account)</source>
        <translation>%1 (unbekanntes Konto)</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="166"/>
        <source>Enter a name or a number.</source>
        <translation>Geben Sie einen Namen oder eine Nummer ein.</translation>
    </message>
    <message>
        <location filename="../../ui/contact_editor.cpp" line="169"/>
        <source>“%1” is not a number: it has no digits or letters. Correct it or remove it.</source>
        <translation>„%1“ ist keine Nummer: Sie enthält weder Ziffern noch Buchstaben. Korrigieren oder entfernen Sie sie.</translation>
    </message>
</context>
<context>
    <name>iax::ui::ContactsDialog</name>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="41"/>
        <location filename="../../ui/contacts_dialog.cpp" line="50"/>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="45"/>
        <source>Search name or number</source>
        <translation>Name oder Nummer suchen</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="46"/>
        <source>Search contacts</source>
        <translation>Kontakte durchsuchen</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="52"/>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="54"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="56"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="58"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="60"/>
        <source>Adds the contacts of a vCard (3.0 or 4.0) or CSV file.</source>
        <translation>Fügt die Kontakte einer vCard- (3.0 oder 4.0) oder CSV-Datei hinzu.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="61"/>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="124"/>
        <source>[always encrypted]</source>
        <translation>[immer verschlüsselt]</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="184"/>
        <source>Delete contact</source>
        <translation>Kontakt löschen</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="184"/>
        <source>Delete %1?</source>
        <translation>%1 löschen?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts_dialog.cpp" line="198"/>
        <source>%n contact(s) added</source>
        <translation>
            <numerusform>%n Kontakt hinzugefügt</numerusform>
            <numerusform>%n Kontakte hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts_dialog.cpp" line="200"/>
        <source>, %n updated with new numbers</source>
        <translation>
            <numerusform>, %n mit neuen Nummern aktualisiert</numerusform>
            <numerusform>, %n mit neuen Nummern aktualisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts_dialog.cpp" line="203"/>
        <source>%n skipped or ignored:</source>
        <translation>
            <numerusform>%n übersprungen oder ignoriert:</numerusform>
            <numerusform>%n übersprungen oder ignoriert:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts_dialog.cpp" line="207"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts_dialog.cpp" line="217"/>
        <source>%n contact(s) exported to %1.</source>
        <translation>
            <numerusform>%n Kontakt nach %1 exportiert.</numerusform>
            <numerusform>%n Kontakte nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="224"/>
        <source>Import contacts</source>
        <translation>Kontakte importieren</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="224"/>
        <source>Contacts (*.vcf *.vcard *.csv);;All files (*)</source>
        <translation>Kontakte (*.vcf *.vcard *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="231"/>
        <source>vCard 4.0 (*.vcf)</source>
        <translation>vCard 4.0 (*.vcf)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="232"/>
        <source>vCard 3.0 (*.vcf)</source>
        <translation>vCard 3.0 (*.vcf)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="233"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="235"/>
        <source>Export contacts</source>
        <translation>Kontakte exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="261"/>
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_dialog.cpp" line="264"/>
        <source>&amp;Contacts…</source>
        <translation>&amp;Kontakte…</translation>
    </message>
</context>
<context>
    <name>iax::ui::DeskFeaturesBar</name>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="37"/>
        <source>Voicemail</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="43"/>
        <location filename="../../ui/desk_features_bar.cpp" line="112"/>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="46"/>
        <source>Do not disturb: all accounts</source>
        <translation>Nicht stören: alle Konten</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="47"/>
        <source>All accounts</source>
        <translation>Alle Konten</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="50"/>
        <source>Refuses every incoming call of every account as busy, so the PBX sends callers to its busy path (usually voicemail).</source>
        <translation>Weist jeden eingehenden Anruf jedes Kontos als besetzt ab, sodass die Telefonanlage Anrufer auf ihren Besetzt-Weg leitet (meist die Mailbox).</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="63"/>
        <source>Do not disturb:</source>
        <translation>Nicht stören:</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="82"/>
        <source>%1 new, %2 old</source>
        <translation>%1 neu, %2 alt</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="90"/>
        <source>Voicemail: %1</source>
        <translation>Mailbox: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="100"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="103"/>
        <source>Updated at each registration refresh (the server sends the count with its acknowledgement).</source>
        <translation>Wird bei jeder Auffrischung der Anmeldung aktualisiert (der Server sendet die Anzahl mit seiner Bestätigung).</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="107"/>
        <source>Calls %1 with %2</source>
        <translation>Ruft %1 mit %2 an</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="112"/>
        <source>Do not disturb: %1</source>
        <translation>Nicht stören: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="113"/>
        <source>This account</source>
        <translation>Dieses Konto</translation>
    </message>
    <message>
        <location filename="../../ui/desk_features_bar.cpp" line="115"/>
        <source>Refuses incoming calls of %1 as busy (cause 17), so the PBX sends callers to its busy path (usually voicemail).</source>
        <translation>Weist eingehende Anrufe von %1 als besetzt ab (Ursache 17), sodass die Telefonanlage Anrufer auf ihren Besetzt-Weg leitet (meist die Mailbox).</translation>
    </message>
</context>
<context>
    <name>iax::ui::DialPanel</name>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="44"/>
        <source>Number to call</source>
        <translation>Zu wählende Nummer</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="45"/>
        <source>Number or iax2: address</source>
        <translation>Nummer oder iax2:-Adresse</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="58"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="67"/>
        <source>Secure dial</source>
        <translation>Sicher wählen</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="222"/>
        <source>Calls %1 and sends the number as encrypted DTMF once the call is encrypted.</source>
        <translation>Ruft %1 an und sendet die Nummer als verschlüsseltes DTMF, sobald der Anruf verschlüsselt ist.</translation>
    </message>
    <message>
        <location filename="../../ui/dial_panel.cpp" line="224"/>
        <source>Set a secure dial extension for this account in Settings.</source>
        <translation>Legen Sie in den Einstellungen eine Nebenstelle für die sichere Wahl dieses Kontos fest.</translation>
    </message>
</context>
<context>
    <name>iax::ui::E2eDetailsSection</name>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="8"/>
        <source>Integrity: every frame after the handshake is authenticated (AES-128-GCM); an altered, replayed or forged frame is dropped and counted, never played.</source>
        <translation>Integrität: jeder Frame nach dem Handshake ist authentifiziert (AES-128-GCM); ein veränderter, wiederholt eingespielter oder gefälschter Frame wird verworfen und gezählt, nie abgespielt.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="10"/>
        <source>Forward secrecy: the keys come from a fresh exchange (X25519) for this call and step every few minutes; a recording cannot be decrypted later, not even with the shared secret.</source>
        <translation>Forward Secrecy: die Schlüssel stammen aus einem frischen Austausch (X25519) für diesen Anruf und wechseln alle paar Minuten; eine Aufzeichnung lässt sich später nicht entschlüsseln, nicht einmal mit dem gemeinsamen Geheimnis.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="12"/>
        <source>The four words: both phones show the same words unless someone sits in the middle. Read them to each other; if they differ, hang up.</source>
        <translation>Die vier Prüfwörter: beide Telefone zeigen dieselben Wörter, sofern sich niemand dazwischengeschaltet hat. Lesen Sie sie einander vor; wenn sie abweichen, legen Sie auf.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="20"/>
        <source>Call numbers (source and destination call ids) in every frame.</source>
        <translation>Die Rufnummern der Verbindung (Quell- und Ziel-Call-IDs) in jedem Frame.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="21"/>
        <source>Frame sizes and timing: when and how much each side talks.</source>
        <translation>Frame-Größen und Zeitpunkte: wann und wie viel jede Seite spricht.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="22"/>
        <source>IP addresses and ports of both phones.</source>
        <translation>IP-Adressen und Ports beider Telefone.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="23"/>
        <source>The start of the call (NEW: the number dialled, the caller ID) and the challenge, as with AES-128.</source>
        <translation>Den Beginn des Anrufs (NEW: die gewählte Nummer, die Anruferkennung) und die Challenge, wie bei AES-128.</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="31"/>
        <location filename="../../ui/e2e_details_section.cpp" line="53"/>
        <source>End-to-end encryption</source>
        <translation>Ende-zu-Ende-Verschlüsselung</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="34"/>
        <location filename="../../ui/e2e_details_section.cpp" line="55"/>
        <source>Words to compare:</source>
        <translation>Zu vergleichende Prüfwörter:</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="37"/>
        <location filename="../../ui/e2e_details_section.cpp" line="57"/>
        <source>Their identity key:</source>
        <translation>Identitätsschlüssel der Gegenseite:</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="44"/>
        <location filename="../../ui/e2e_details_section.cpp" line="58"/>
        <source>It protects:</source>
        <translation>Sie schützt:</translation>
    </message>
    <message>
        <location filename="../../ui/e2e_details_section.cpp" line="45"/>
        <location filename="../../ui/e2e_details_section.cpp" line="61"/>
        <source>It does not hide:</source>
        <translation>Sie verbirgt nicht:</translation>
    </message>
</context>
<context>
    <name>iax::ui::EncryptionDetailsDialog</name>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="18"/>
        <source>Call encryption</source>
        <translation>Verschlüsselung des Anrufs</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="37"/>
        <source>Nothing of this call is protected by encryption right now.</source>
        <translation>Zurzeit ist nichts an diesem Anruf durch Verschlüsselung geschützt.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="39"/>
        <source>Only the secure dial extension travelled in clear in NEW; the destination number was sent as encrypted DTMF.</source>
        <translation>Nur die Nebenstelle der sicheren Wahl lief im Klartext im NEW; die Zielnummer wurde als verschlüsseltes DTMF gesendet.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="42"/>
        <source>The number you dialled (%1) travels in clear in the NEW frame that starts the call, unless secure dial is used.</source>
        <translation>Die gewählte Nummer (%1) läuft im Klartext im NEW-Frame, der den Anruf beginnt – außer bei sicherer Wahl.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="44"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="45"/>
        <source>Call numbers (source/destination call ids) stay in clear in every frame.</source>
        <translation>Die Rufnummern der Verbindung (Quell-/Ziel-Call-IDs) bleiben in jedem Frame im Klartext.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="46"/>
        <source>Packet sizes and timing are visible: an observer sees when and how much you talk.</source>
        <translation>Paketgrößen und Zeitpunkte sind sichtbar: ein Beobachter sieht, wann und wie viel Sie sprechen.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="47"/>
        <source>Your and the server&apos;s IP addresses and ports are visible.</source>
        <translation>Ihre und die IP-Adressen und Ports des Servers sind sichtbar.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="56"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="56"/>
        <source>What the padlock says: encrypted only once both directions are proven.</source>
        <translation>Was das Schloss anzeigt: verschlüsselt erst, wenn beide Richtungen nachgewiesen sind.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="57"/>
        <source>Cipher</source>
        <translation>Chiffre</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="57"/>
        <source>The cipher of the voice and signalling frames.</source>
        <translation>Die Chiffre der Sprach- und Signalisierungs-Frames.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="58"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="58"/>
        <source>How the call was authenticated.</source>
        <translation>Wie der Anruf authentifiziert wurde.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="59"/>
        <source>Peer authenticated</source>
        <translation>Gegenstelle authentifiziert</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="60"/>
        <source>How the other side proved who it is.</source>
        <translation>Wie die Gegenseite nachgewiesen hat, wer sie ist.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>Key rotation started by us</source>
        <translation>Schlüsselwechsel durch uns</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="64"/>
        <source>We change the key we send with every few minutes.</source>
        <translation>Wir wechseln den Schlüssel, mit dem wir senden, alle paar Minuten.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="65"/>
        <source>We do not start key changes (turned off, or the peer has not shown that it supports them). The peer may still change its own key.</source>
        <translation>Wir stoßen keine Schlüsselwechsel an (ausgeschaltet, oder die Gegenstelle hat nicht gezeigt, dass sie sie unterstützt). Die Gegenstelle kann ihren eigenen Schlüssel trotzdem wechseln.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="63"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="67"/>
        <location filename="../../ui/encryption_details_dialog.cpp" line="69"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="67"/>
        <source>Key changes by us / by the peer</source>
        <translation>Schlüsselwechsel durch uns / durch die Gegenstelle</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="68"/>
        <source>How often each side replaced the key it sends with (RTKEY) during this call.</source>
        <translation>Wie oft jede Seite in diesem Anruf den Schlüssel ersetzt hat, mit dem sie sendet (RTKEY).</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="69"/>
        <source>Frames encrypted / decrypted</source>
        <translation>Frames verschlüsselt / entschlüsselt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="70"/>
        <source>Frames of this call we encrypted and sent / received and decrypted so far.</source>
        <translation>Frames dieses Anrufs, die wir bisher verschlüsselt und gesendet / empfangen und entschlüsselt haben.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="71"/>
        <source>Decrypt failures</source>
        <translation>Entschlüsselungsfehler</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="72"/>
        <source>Frames from the peer that did not decrypt and were dropped.</source>
        <translation>Frames der Gegenstelle, die sich nicht entschlüsseln ließen und verworfen wurden.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="73"/>
        <source>Destination sent by secure dial</source>
        <translation>Ziel per sicherer Wahl gesendet</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="73"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="73"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="74"/>
        <source>Whether the number you dialled went as encrypted digits after the call was set up.</source>
        <translation>Ob die gewählte Nummer nach dem Aufbau des Anrufs als verschlüsselte Ziffern ging.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="77"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="79"/>
        <source>Failure</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="100"/>
        <source>The counters are refreshed every second while the call lasts.</source>
        <translation>Die Zähler werden während des Anrufs jede Sekunde aktualisiert.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_details_dialog.cpp" line="101"/>
        <location filename="../../ui/encryption_details_dialog.cpp" line="102"/>
        <source>What encryption does not hide</source>
        <translation>Was die Verschlüsselung nicht verbirgt</translation>
    </message>
</context>
<context>
    <name>iax::ui::EncryptionIndicator</name>
    <message>
        <location filename="../../ui/encryption_indicator.cpp" line="18"/>
        <source>Call encryption</source>
        <translation>Verschlüsselung des Anrufs</translation>
    </message>
</context>
<context>
    <name>iax::ui::EncryptionPresentation</name>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="9"/>
        <source>MD5, RSA unavailable</source>
        <translation>MD5, RSA nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="17"/>
        <source>Warning: calls with this peer were end-to-end encrypted before; this one is not (only AES-128 to the next hop). Someone may have removed the end-to-end offer.</source>
        <translation>Warnung: Anrufe mit dieser Gegenstelle waren bisher Ende-zu-Ende-verschlüsselt; dieser ist es nicht (nur AES-128 bis zum nächsten Knoten). Möglicherweise hat jemand das Ende-zu-Ende-Angebot entfernt.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="23"/>
        <source>Warning: identity changed. This peer signs with another identity key than the one you confirmed before. Compare the words: if they differ, someone is in the middle.</source>
        <translation>Warnung: Identität geändert. Diese Gegenseite signiert mit einem anderen Identitätsschlüssel als dem, den Sie zuvor bestätigt haben. Vergleichen Sie die Wörter: Wenn sie abweichen, sitzt jemand dazwischen.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="32"/>
        <source>Not encrypted</source>
        <translation>Nicht verschlüsselt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="36"/>
        <source>This call is not encrypted: voice and digits can be read on the network.</source>
        <translation>Dieser Anruf ist nicht verschlüsselt: Sprache und Ziffern sind im Netz lesbar.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="40"/>
        <source>Negotiating</source>
        <translation>Wird ausgehandelt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="43"/>
        <source>Encryption is being set up; it is not proven in both directions yet.</source>
        <translation>Die Verschlüsselung wird eingerichtet; sie ist noch nicht in beide Richtungen nachgewiesen.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="47"/>
        <source>End-to-end, verified</source>
        <translation>Ende-zu-Ende, verifiziert</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="48"/>
        <source>End-to-end encrypted</source>
        <translation>Ende-zu-Ende-verschlüsselt</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="52"/>
        <source>Encrypted end to end with forward secrecy. Click for details.</source>
        <translation>Ende-zu-Ende verschlüsselt mit Forward Secrecy. Klicken für Details.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="53"/>
        <source>Encrypted end to end with forward secrecy. Read the words “%1” to the other person: if theirs differ, someone is in the middle. Click for details.</source>
        <translation>Ende-zu-Ende verschlüsselt mit Forward Secrecy. Lesen Sie Ihrem Gegenüber die Prüfwörter „%1“ vor: Weichen die Wörter dort ab, hat sich jemand dazwischengeschaltet. Klicken für Details.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="57"/>
        <source>End-to-end, identity changed</source>
        <translation>Ende-zu-Ende, Identität geändert</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="67"/>
        <source>Encrypted (%1)</source>
        <translation>Verschlüsselt (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="70"/>
        <source>Both directions are encrypted and proven. Click for details.</source>
        <translation>Beide Richtungen sind verschlüsselt und nachgewiesen. Klicken für Details.</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="78"/>
        <source>Encryption failed</source>
        <translation>Verschlüsselung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/encryption_presentation.cpp" line="81"/>
        <source>Encryption failed.</source>
        <translation>Verschlüsselung fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>iax::ui::GeneralPage</name>
    <message>
        <location filename="../../ui/general_page.cpp" line="17"/>
        <source>Start minimised to the system tray</source>
        <translation>Minimiert im Infobereich starten</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="18"/>
        <source>Show desktop notifications for incoming calls</source>
        <translation>Desktop-Benachrichtigungen für eingehende Anrufe zeigen</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="20"/>
        <source>Call iax2: links at once, without asking first</source>
        <translation>iax2:-Links sofort anrufen, ohne vorher zu fragen</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="23"/>
        <source>Off: a link from a web page or another program only fills in the number and asks you to confirm the call. Turn on only if you trust every program that can open links: any web page could then make your account call a premium number.</source>
        <translation>Aus: ein Link aus einer Webseite oder einem anderen Programm trägt nur die Nummer ein und bittet Sie, den Anruf zu bestätigen. Schalten Sie dies nur ein, wenn Sie jedem Programm trauen, das Links öffnen kann: jede Webseite könnte Ihr Konto dann eine teure Sondernummer anrufen lassen.</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="30"/>
        <source>Built-in tone</source>
        <translation>Eingebauter Ton</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="31"/>
        <location filename="../../ui/general_page.cpp" line="46"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="38"/>
        <source>Ringtone:</source>
        <translation>Klingelton:</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="48"/>
        <source>Choose the recordings folder</source>
        <translation>Aufnahmeordner wählen</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="52"/>
        <source>Recordings folder:</source>
        <translation>Aufnahmeordner:</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="42"/>
        <location filename="../../ui/general_page.cpp" line="59"/>
        <source>Recordings folder</source>
        <translation>Aufnahmeordner</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="29"/>
        <location filename="../../ui/general_page.cpp" line="65"/>
        <source>Ringtone</source>
        <translation>Klingelton</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="44"/>
        <source>Calls you record (Record in the call, off by default) are saved here as WAV or Opus files: your voice on the left channel, the other side on the right.</source>
        <translation>Anrufe, die Sie aufnehmen (Aufnehmen im Anruf, standardmäßig aus), werden hier als WAV- oder Opus-Dateien gespeichert: Ihre Stimme im linken Kanal, die Gegenseite im rechten.</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="53"/>
        <source>Record as Opus (compressed .opus files) instead of WAV</source>
        <translation>Als Opus aufnehmen (komprimierte .opus-Dateien) statt WAV</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="55"/>
        <source>Ogg Opus files are about a tenth of the size of WAV files and play in most media players; the channels are the same.</source>
        <translation>Ogg-Opus-Dateien sind etwa ein Zehntel so groß wie WAV-Dateien und laufen in den meisten Medienplayern; die Kanäle sind dieselben.</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="65"/>
        <source>Sounds (*.wav *.ogg *.flac);;All files (*)</source>
        <translation>Klänge (*.wav *.ogg *.flac);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/general_page.cpp" line="73"/>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
</context>
<context>
    <name>iax::ui::KeychainWaitDialog</name>
    <message>
        <location filename="../../ui/keychain_wait_dialog.cpp" line="17"/>
        <source>IAXPhone — waiting for the keychain</source>
        <translation>IAXPhone – Warten auf den Schlüsselbund</translation>
    </message>
    <message>
        <location filename="../../ui/keychain_wait_dialog.cpp" line="20"/>
        <source>&lt;b&gt;Waiting for the keychain…&lt;/b&gt;</source>
        <translation>&lt;b&gt;Warten auf den Schlüsselbund …&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/keychain_wait_dialog.cpp" line="21"/>
        <source>IAXPhone keeps your account secrets in your desktop&apos;s keychain. If a window asks for the password of your keyring or wallet, enter it there.</source>
        <translation>IAXPhone bewahrt die Geheimnisse Ihrer Konten im Schlüsselbund Ihres Desktops auf. Wenn ein Fenster nach dem Passwort Ihres Schlüsselbunds oder Ihrer Brieftasche fragt, geben Sie es dort ein.</translation>
    </message>
    <message>
        <location filename="../../ui/keychain_wait_dialog.cpp" line="28"/>
        <source>Go on without the keychain</source>
        <translation>Ohne Schlüsselbund fortfahren</translation>
    </message>
</context>
<context>
    <name>iax::ui::LinkOpener</name>
    <message>
        <location filename="../../ui/link_opener.cpp" line="55"/>
        <source>Call from a link</source>
        <translation>Anruf aus einem Link</translation>
    </message>
    <message>
        <location filename="../../ui/link_opener.cpp" line="61"/>
        <source>Call</source>
        <translation>Anrufen</translation>
    </message>
    <message>
        <location filename="../../ui/link_opener.cpp" line="72"/>
        <source>A link asks to call %1: confirm or cancel.</source>
        <translation>Ein Link möchte %1 anrufen: bestätigen oder abbrechen.</translation>
    </message>
</context>
<context>
    <name>iax::ui::MainMenus</name>
    <message>
        <location filename="../../ui/main_menus.cpp" line="14"/>
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="15"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="21"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="23"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="24"/>
        <source>&amp;About IAXPhone</source>
        <translation>Ü&amp;ber IAXPhone</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="25"/>
        <source>About IAXPhone</source>
        <translation>Über IAXPhone</translation>
    </message>
    <message>
        <location filename="../../ui/main_menus.cpp" line="26"/>
        <source>&lt;b&gt;IAXPhone %1&lt;/b&gt;&lt;br&gt;An IAX2 softphone with AES-128 encryption that never claims more than is true.</source>
        <translation>&lt;b&gt;IAXPhone %1&lt;/b&gt;&lt;br&gt;Ein IAX2-Softphone mit AES-128-Verschlüsselung, das nie mehr behauptet, als wahr ist.</translation>
    </message>
</context>
<context>
    <name>iax::ui::MainWindow</name>
    <message>
        <location filename="../../ui/main_window.cpp" line="81"/>
        <source>IAXPhone</source>
        <translation>IAXPhone</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="122"/>
        <source>Registration of %1 failed: %2</source>
        <translation>Anmeldung von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="125"/>
        <source>Registration failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="140"/>
        <source>Hanging up and unregistering…</source>
        <translation>Lege auf und melde ab…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="225"/>
        <source>SECURITY WARNING: %1</source>
        <translation>SICHERHEITSWARNUNG: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="229"/>
        <source>IAXPhone security warning</source>
        <translation>IAXPhone-Sicherheitswarnung</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="288"/>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="288"/>
        <source>%1 is calling</source>
        <translation>%1 ruft an</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="292"/>
        <source>Incoming call from %1</source>
        <translation>Eingehender Anruf von %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.cpp" line="292"/>
        <source>Incoming call from %1 — %2</source>
        <translation>Eingehender Anruf von %1 – %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_dial.cpp" line="36"/>
        <source>Add an account in Settings before calling.</source>
        <translation>Legen Sie vor dem Anruf in den Einstellungen ein Konto an.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_dial.cpp" line="88"/>
        <source>%1 could not be called.</source>
        <translation>%1 konnte nicht angerufen werden.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_dial.cpp" line="95"/>
        <source>Calling %1 end-to-end only: the contact is marked &quot;always end-to-end&quot;.</source>
        <translation>%1 wird nur Ende-zu-Ende angerufen: Der Kontakt ist als „immer Ende-zu-Ende“ markiert.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_dial.cpp" line="97"/>
        <source>Calling %1 encrypted only: the contact is marked &quot;always encrypted&quot;.</source>
        <translation>Rufe %1 nur verschlüsselt an: der Kontakt ist als „immer verschlüsselt“ markiert.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="33"/>
        <source>Do not disturb for %1: its incoming calls are refused as busy.</source>
        <translation>Nicht stören für %1: seine eingehenden Anrufe werden als besetzt abgewiesen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="34"/>
        <source>Do not disturb for %1 is off.</source>
        <translation>Nicht stören für %1 ist aus.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="40"/>
        <source>Do not disturb for all accounts: incoming calls are refused as busy.</source>
        <translation>Nicht stören für alle Konten: eingehende Anrufe werden als besetzt abgewiesen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="41"/>
        <source>Do not disturb for all accounts is off.</source>
        <translation>Nicht stören für alle Konten ist aus.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="48"/>
        <source>Calling the voicemail of %1 (%2)…</source>
        <translation>Rufe die Mailbox von %1 an (%2)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="54"/>
        <source>The call from %1 was answered automatically.</source>
        <translation>Der Anruf von %1 wurde automatisch angenommen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_desk.cpp" line="58"/>
        <source>Call answered automatically</source>
        <translation>Anruf automatisch angenommen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_e2e.cpp" line="38"/>
        <source>Rejected the call from %1: the contact is marked &quot;always end-to-end&quot; and this call is not end-to-end encrypted.</source>
        <translation>Anruf von %1 abgelehnt: Der Kontakt ist als „immer Ende-zu-Ende“ markiert, und dieser Anruf ist nicht Ende-zu-Ende-verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window_e2e.cpp" line="60"/>
        <source>Ended the call from %1: the contact is marked &quot;always end-to-end&quot; and the caller signs with another identity key than the one you confirmed (someone may be in the middle).</source>
        <translation>Anruf von %1 beendet: Der Kontakt ist als „immer Ende-zu-Ende“ markiert, und der Anrufer signiert mit einem anderen Identitätsschlüssel als dem, den Sie bestätigt haben (möglicherweise sitzt jemand dazwischen).</translation>
    </message>
</context>
<context>
    <name>iax::ui::PanelScrollArea</name>
    <message>
        <location filename="../../ui/panel_scroll_area.cpp" line="14"/>
        <source>Selected call</source>
        <translation>Ausgewählter Anruf</translation>
    </message>
</context>
<context>
    <name>iax::ui::PortAudioSounds</name>
    <message>
        <location filename="../../ui/port_audio_sounds.cpp" line="129"/>
        <source>The ringtone cannot be played: %1</source>
        <translation>Der Klingelton kann nicht abgespielt werden: %1</translation>
    </message>
    <message>
        <location filename="../../ui/port_audio_sounds.cpp" line="139"/>
        <source>The ringtone %1 cannot be read (%2); the built-in tone rings instead.</source>
        <translation>Der Klingelton %1 kann nicht gelesen werden (%2); stattdessen klingelt der eingebaute Ton.</translation>
    </message>
</context>
<context>
    <name>iax::ui::QuitFlow</name>
    <message>
        <location filename="../../ui/quit_flow.cpp" line="47"/>
        <source>Quit IAXPhone</source>
        <translation>IAXPhone beenden</translation>
    </message>
    <message>
        <location filename="../../ui/quit_flow.cpp" line="48"/>
        <source>A call is in progress. Hang up and quit?</source>
        <translation>Ein Anruf läuft. Auflegen und beenden?</translation>
    </message>
    <message>
        <location filename="../../ui/quit_flow.cpp" line="49"/>
        <source>%1 calls are in progress. Hang up all and quit?</source>
        <translation>%1 Anrufe laufen. Alle auflegen und beenden?</translation>
    </message>
    <message>
        <location filename="../../ui/quit_flow.cpp" line="52"/>
        <source>Hang up and quit</source>
        <translation>Auflegen und beenden</translation>
    </message>
</context>
<context>
    <name>iax::ui::RecentCallsList</name>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="25"/>
        <source>Double-click to call again</source>
        <translation>Doppelklick ruft erneut an</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="49"/>
        <source>%1:%2 min</source>
        <translation>%1:%2 min</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="57"/>
        <source>This call was encrypted.</source>
        <translation>Dieser Anruf war verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="57"/>
        <source>This call was not encrypted.</source>
        <translation>Dieser Anruf war nicht verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../../ui/recent_calls_list.cpp" line="60"/>
        <source>No calls yet.</source>
        <translation>Noch keine Anrufe.</translation>
    </message>
</context>
<context>
    <name>iax::ui::SecurityBanner</name>
    <message>
        <location filename="../../ui/security_banner.cpp" line="31"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../ui/security_banner.cpp" line="33"/>
        <source>Check the key with the peer by another channel before trusting a new one; to accept it, remove the old key under Settings → Trusted keys.</source>
        <translation>Prüfen Sie den Schlüssel auf einem anderen Weg mit der Gegenstelle, bevor Sie einem neuen trauen; um ihn anzunehmen, entfernen Sie den alten Schlüssel unter Einstellungen → Vertrauenswürdige Schlüssel.</translation>
    </message>
    <message>
        <location filename="../../ui/security_banner.cpp" line="37"/>
        <source>Security warning</source>
        <translation>Sicherheitswarnung</translation>
    </message>
</context>
<context>
    <name>iax::ui::SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="39"/>
        <source>IAXPhone Settings</source>
        <translation>IAXPhone-Einstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="42"/>
        <source>Settings pages</source>
        <translation>Einstellungsseiten</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="68"/>
        <source>Your identity key for end-to-end calls: %1</source>
        <translation>Ihr Identitätsschlüssel für Ende-zu-Ende-Anrufe: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="71"/>
        <source>Other IAXPhones see this fingerprint in end-to-end calls with you and pin it once the words are confirmed. The private key is kept in the system keychain.</source>
        <translation>Andere IAXPhones sehen diesen Fingerabdruck in Ende-zu-Ende-Anrufen mit Ihnen und speichern ihn fest, sobald die Wörter bestätigt sind. Der private Schlüssel liegt im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="104"/>
        <source>A key pair is still being generated; wait until it is done, or press Cancel.</source>
        <translation>Es wird noch ein Schlüsselpaar erzeugt; warten Sie, bis es fertig ist, oder drücken Sie „Abbrechen“.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.cpp" line="114"/>
        <source>Please correct:</source>
        <translation>Bitte korrigieren:</translation>
    </message>
</context>
<context>
    <name>iax::ui::TrayIcon</name>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="26"/>
        <source>Show IAXPhone</source>
        <translation>IAXPhone zeigen</translation>
    </message>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="28"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/tray_icon.cpp" line="48"/>
        <source>IAXPhone — %1 (%2 of %3 accounts registered)</source>
        <translation>IAXPhone – %1 (%2 von %3 Konten angemeldet)</translation>
    </message>
</context>
<context>
    <name>iax::ui::TrustedKeysPage</name>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="30"/>
        <source>pasted</source>
        <translation>eingefügt</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="32"/>
        <source>file %1</source>
        <translation>Datei %1</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="33"/>
        <source>key server %1</source>
        <translation>Schlüsselserver %1</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="44"/>
        <source>Replace a different key already pinned under the same name</source>
        <translation>Einen anderen, unter demselben Namen festgehaltenen Schlüssel ersetzen</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="53"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="53"/>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="53"/>
        <source>Bits</source>
        <translation>Bit</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="53"/>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="53"/>
        <source>Pinned</source>
        <translation>Festgehalten</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="65"/>
        <source>name the caller uses, e.g. alice</source>
        <translation>Name, den der Anrufer verwendet, z. B. alice</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="71"/>
        <source>Public keys of peers accepted for incoming RSA calls (the caller&apos;s user name is the key name). Keys fetched from a key server are pinned here on first use. Directory: %1</source>
        <translation>Öffentliche Schlüssel von Gegenstellen, die für eingehende RSA-Anrufe akzeptiert werden (der Benutzername des Anrufers ist der Name des Schlüssels). Von einem Schlüsselserver geholte Schlüssel werden hier bei der ersten Verwendung festgehalten. Verzeichnis: %1</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="76"/>
        <source>Import file…</source>
        <translation>Datei importieren…</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="78"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="80"/>
        <source>Import pasted key</source>
        <translation>Eingefügten Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="87"/>
        <source>Paste a public key</source>
        <translation>Öffentlichen Schlüssel einfügen</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="89"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="90"/>
        <source>PEM:</source>
        <translation>PEM:</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="104"/>
        <source>Import a public key</source>
        <translation>Öffentlichen Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="104"/>
        <source>Public keys (*.pub *.pem);;All files (*)</source>
        <translation>Öffentliche Schlüssel (*.pub *.pem);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="48"/>
        <location filename="../../ui/trusted_keys_page.cpp" line="115"/>
        <source>Trusted keys</source>
        <translation>Vertrauenswürdige Schlüssel</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="153"/>
        <source>(unreadable)</source>
        <translation>(unlesbar)</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="155"/>
        <source>placed by hand (not pinned)</source>
        <translation>von Hand abgelegt (nicht festgehalten)</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="174"/>
        <source>Not imported: %1</source>
        <translation>Nicht importiert: %1</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="181"/>
        <source>Imported %1 (%2-bit RSA, SHA-256 %3).</source>
        <translation>%1 importiert (%2-Bit-RSA, SHA-256 %3).</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="199"/>
        <source>Give the pasted key a name (the user name the caller sends).</source>
        <translation>Geben Sie dem eingefügten Schlüssel einen Namen (den Benutzernamen, den der Anrufer sendet).</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="201"/>
        <source>&quot;%1&quot; cannot name a key: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, not starting with &apos;.&apos;.</source>
        <translation>„%1“ kann keinen Schlüssel benennen: verwenden Sie 1 bis 64 Buchstaben, Ziffern, „.“, „_“ oder „-“, nicht mit „.“ am Anfang.</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="204"/>
        <source>Paste the PEM text of the public key (-----BEGIN PUBLIC KEY----- …).</source>
        <translation>Fügen Sie den PEM-Text des öffentlichen Schlüssels ein (-----BEGIN PUBLIC KEY----- …).</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="225"/>
        <source>Select the key to remove.</source>
        <translation>Wählen Sie den zu entfernenden Schlüssel.</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="229"/>
        <source>Not removed: %1</source>
        <translation>Nicht entfernt: %1</translation>
    </message>
    <message>
        <location filename="../../ui/trusted_keys_page.cpp" line="232"/>
        <source>Removed %1 and its pin.</source>
        <translation>%1 und seine Festlegung entfernt.</translation>
    </message>
</context>
</TS>
