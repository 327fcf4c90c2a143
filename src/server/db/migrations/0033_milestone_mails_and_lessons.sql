-- Issue 17 §3, two slices of the joint action plan.
--
-- 1. Milestone mails. A milestone coming due and slipping is mailed once each to the service
-- owners of the action's Responsible and Accountable institutions and to the editors, through the
-- outbox (the actions feature's sweep, which the outbox worker runs). Those are notices a member
-- can take at once, in the daily digest or not at all: a new kind, 'milestone'.
alter table notice_settings drop constraint notice_settings_kind_check;
alter table notice_settings add constraint notice_settings_kind_check check (kind in ('status', 'answer', 'invitation', 'response', 'milestone'));

-- The sweep's candidates: milestones not done that are still to be mailed about (the rows it has
-- mailed about both ways leave the index).
create index action_milestones_unnotified_idx on action_milestones (due_on)
  where done_on is null and (notified_due_at is null or notified_slip_at is null);

-- Marking a milestone as mailed about changes nothing the roadmap draws: only other changes move
-- the plan's version (its cache). Every other column still counts, including any added later.
drop trigger action_plan_milestones on action_milestones;
create constraint trigger action_plan_milestones after insert or delete on action_milestones
  deferrable initially deferred for each row execute function bump_action_plan_version();
create constraint trigger action_plan_milestones_changed after update on action_milestones
  deferrable initially deferred for each row
  when ((to_jsonb(old) - 'notified_due_at' - 'notified_slip_at') is distinct from (to_jsonb(new) - 'notified_due_at' - 'notified_slip_at'))
  execute function bump_action_plan_version();

-- 2. Lessons cited. Actions and recommendations cite lessons learned in the benchmark regions
-- (region_lessons, 0031, LS-0001…). Each link table is its citing feature's; a lesson that is cited
-- cannot be removed until nothing cites it (nothing vanishes unseen).
create table action_lessons (
  action_id uuid not null references actions (id) on delete cascade,
  lesson_id uuid not null references region_lessons (id) on delete restrict,
  primary key (action_id, lesson_id)
);
create index action_lessons_lesson_idx on action_lessons (lesson_id);

create table recommendation_lessons (
  recommendation_id uuid not null references recommendations (id) on delete cascade,
  lesson_id uuid not null references region_lessons (id) on delete restrict,
  primary key (recommendation_id, lesson_id)
);
create index recommendation_lessons_lesson_idx on recommendation_lessons (lesson_id);
