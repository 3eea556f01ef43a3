-- Disabling an account ends all its sessions at once, whichever code path disables it.
CREATE TRIGGER `accounts_disabled_end_sessions` AFTER UPDATE OF `active` ON `accounts`
WHEN NEW.`active` = 0 AND OLD.`active` = 1
BEGIN
  DELETE FROM `sessions` WHERE `account_id` = NEW.`id`;
END;
