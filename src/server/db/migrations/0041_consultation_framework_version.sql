-- A consultation on a framework version names a version that exists (0038 came before the
-- framework's tables were merged; versions are never deleted).
alter table consultations
  add constraint consultations_framework_version_fk foreign key (framework_version_id) references framework_versions (id) on delete restrict;
