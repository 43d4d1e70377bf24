-- OMEMO 2 device labels count only with their signature (XEP-0384), which is checked against the device's identity
-- key when the key is known: so the signature is kept beside the label (base64, as published).
ALTER TABLE omemo_device ADD COLUMN label_signature TEXT;
