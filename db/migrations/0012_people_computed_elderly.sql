-- The 80岁以上 register is computed from residents' dates of birth (lib/registry/elderly.ts): stored tags went stale as people aged.
DELETE FROM `household_care_tags` WHERE `tag` = 'elderly_80';
--> statement-breakpoint
CREATE TRIGGER `household_care_tags_no_elderly_80`
BEFORE INSERT ON `household_care_tags`
WHEN NEW.`tag` = 'elderly_80'
BEGIN
  SELECT RAISE(ABORT, 'elderly_80 is computed from dates of birth and is never stored');
END;
