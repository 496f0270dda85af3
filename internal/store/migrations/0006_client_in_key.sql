-- Version 6: a numbered document's key includes its client, so that two
-- programs' invoice "2" of the same year, for different clients, are two
-- documents (invoice.Document.Key). Until version 5 the key was
-- "kind|n|number|year"; it becomes "kind|n|number|year|client_key". Keys
-- without a number already held the client and do not change.
--
-- An older import may have overwritten another client's document of the
-- same number: its version is still in other_versions (it was the current
-- version until then). Once both carry their own key, such a version is
-- the only one of its key and nothing is current for it: the newest of
-- them comes back into current_docs, as removing the overwriting import
-- would have put it back.

UPDATE current_docs SET key = key || '|' || (body ->> 2)
    WHERE substr(key, 1, length(body ->> 0) + 3) = (body ->> 0) || '|n|';
UPDATE other_versions SET key = key || '|' || (body ->> 2)
    WHERE substr(key, 1, length(body ->> 0) + 3) = (body ->> 0) || '|n|';

INSERT INTO current_docs (key, import_id, body, source)
    SELECT o.key, o.import_id, o.body, o.source FROM other_versions o
    WHERE NOT EXISTS (SELECT 1 FROM current_docs c WHERE c.key = o.key)
      AND o.import_id = (SELECT max(o2.import_id) FROM other_versions o2 WHERE o2.key = o.key);
DELETE FROM other_versions
    WHERE EXISTS (SELECT 1 FROM current_docs c WHERE c.key = other_versions.key AND c.import_id = other_versions.import_id);
