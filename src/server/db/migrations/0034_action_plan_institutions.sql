-- The roadmap and the plan's lists name institutions (each bar's RACI, the lead, the filters'
-- choices) and are kept per plan version: a renamed institution moves the version, so no kept
-- answer shows its old name.
create constraint trigger action_plan_institutions after update of slug, name, short_name, country on institutions
  deferrable initially deferred for each row execute function bump_action_plan_version();
