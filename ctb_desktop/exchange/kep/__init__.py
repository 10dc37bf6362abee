"""The Ukrainian qualified-signature arithmetic, verification only: the ГОСТ 34.311-95 and
ДСТУ 7564 «Купина» hashes and ДСТУ 4145-2002 signatures on binary curves. Pure functions of
bytes, no files or network; nothing here signs or holds a private key."""
