-- The DCAT files describe each publisher with its type (the ADMS publisher type) and website from
-- the directory, and are kept per catalogue version: changing either is a new version too.
drop trigger catalog_version_institutions on institutions;
create constraint trigger catalog_version_institutions after update of slug, name, short_name, country, type, website on institutions
  deferrable initially deferred for each row execute function bump_catalog_version();
