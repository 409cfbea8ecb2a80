import * as migration_20261123_013532_initial from './20261123_013532_initial'
import * as migration_20261123_021825_events_bookings from './20261123_021825_events_bookings'
import * as migration_20261123_025833_audit_log from './20261123_025833_audit_log'
import * as migration_20261123_031947_generated_slugs_optional_in_api from './20261123_031947_generated_slugs_optional_in_api'
import * as migration_20261123_081519_pages_settings_forms from './20261123_081519_pages_settings_forms'
import * as migration_20261123_084359_audit_partitions from './20261123_084359_audit_partitions'
import * as migration_20261205_000217_login_throttle from './20261205_000217_login_throttle'
import * as migration_20261205_000430_audit_draft_action from './20261205_000430_audit_draft_action'
import * as migration_20261206_025109_event_counters from './20261206_025109_event_counters'
import * as migration_20261206_040715_media_storage_prefix from './20261206_040715_media_storage_prefix'
import * as migration_20261206_055147_personal_data from './20261206_055147_personal_data'
import * as migration_20261206_055736_retention_task from './20261206_055736_retention_task'
import * as migration_20261206_084900_audit_actor_columns from './20261206_084900_audit_actor_columns'
import * as migration_20261206_185902_tickets from './20261206_185902_tickets'
import * as migration_20261207_065613_appointments from './20261207_065613_appointments'
import * as migration_20261207_074557_appointment_idempotency from './20261207_074557_appointment_idempotency'
import * as migration_20261207_101553_mail_outbox from './20261207_101553_mail_outbox'
import * as migration_20261207_103556_waiting_list from './20261207_103556_waiting_list'
import * as migration_20261207_133508_payments from './20261207_133508_payments'
import * as migration_20261207_162427_site from './20261207_162427_site'
import * as migration_20261207_191814_waiting_list_guests from './20261207_191814_waiting_list_guests'
import * as migration_20261207_191815_waiting_list_guest_rules from './20261207_191815_waiting_list_guest_rules'

export const migrations = [
  {
    up: migration_20261123_013532_initial.up,
    down: migration_20261123_013532_initial.down,
    name: '20261123_013532_initial',
  },
  {
    up: migration_20261123_021825_events_bookings.up,
    down: migration_20261123_021825_events_bookings.down,
    name: '20261123_021825_events_bookings',
  },
  {
    up: migration_20261123_025833_audit_log.up,
    down: migration_20261123_025833_audit_log.down,
    name: '20261123_025833_audit_log',
  },
  {
    up: migration_20261123_031947_generated_slugs_optional_in_api.up,
    down: migration_20261123_031947_generated_slugs_optional_in_api.down,
    name: '20261123_031947_generated_slugs_optional_in_api',
  },
  {
    up: migration_20261123_081519_pages_settings_forms.up,
    down: migration_20261123_081519_pages_settings_forms.down,
    name: '20261123_081519_pages_settings_forms',
  },
  {
    up: migration_20261123_084359_audit_partitions.up,
    down: migration_20261123_084359_audit_partitions.down,
    name: '20261123_084359_audit_partitions',
  },
  {
    up: migration_20261205_000217_login_throttle.up,
    down: migration_20261205_000217_login_throttle.down,
    name: '20261205_000217_login_throttle',
  },
  {
    up: migration_20261205_000430_audit_draft_action.up,
    down: migration_20261205_000430_audit_draft_action.down,
    name: '20261205_000430_audit_draft_action',
  },
  {
    up: migration_20261206_025109_event_counters.up,
    down: migration_20261206_025109_event_counters.down,
    name: '20261206_025109_event_counters',
  },
  {
    up: migration_20261206_040715_media_storage_prefix.up,
    down: migration_20261206_040715_media_storage_prefix.down,
    name: '20261206_040715_media_storage_prefix',
  },
  {
    up: migration_20261206_055147_personal_data.up,
    down: migration_20261206_055147_personal_data.down,
    name: '20261206_055147_personal_data',
  },
  {
    up: migration_20261206_055736_retention_task.up,
    down: migration_20261206_055736_retention_task.down,
    name: '20261206_055736_retention_task',
  },
  {
    up: migration_20261206_084900_audit_actor_columns.up,
    down: migration_20261206_084900_audit_actor_columns.down,
    name: '20261206_084900_audit_actor_columns',
  },
  {
    up: migration_20261206_185902_tickets.up,
    down: migration_20261206_185902_tickets.down,
    name: '20261206_185902_tickets',
  },
  {
    up: migration_20261207_065613_appointments.up,
    down: migration_20261207_065613_appointments.down,
    name: '20261207_065613_appointments',
  },
  {
    up: migration_20261207_074557_appointment_idempotency.up,
    down: migration_20261207_074557_appointment_idempotency.down,
    name: '20261207_074557_appointment_idempotency',
  },
  {
    up: migration_20261207_101553_mail_outbox.up,
    down: migration_20261207_101553_mail_outbox.down,
    name: '20261207_101553_mail_outbox',
  },
  {
    up: migration_20261207_103556_waiting_list.up,
    down: migration_20261207_103556_waiting_list.down,
    name: '20261207_103556_waiting_list',
  },
  {
    up: migration_20261207_133508_payments.up,
    down: migration_20261207_133508_payments.down,
    name: '20261207_133508_payments',
  },
  {
    up: migration_20261207_162427_site.up,
    down: migration_20261207_162427_site.down,
    name: '20261207_162427_site',
  },
  {
    up: migration_20261207_191814_waiting_list_guests.up,
    down: migration_20261207_191814_waiting_list_guests.down,
    name: '20261207_191814_waiting_list_guests',
  },
  {
    up: migration_20261207_191815_waiting_list_guest_rules.up,
    down: migration_20261207_191815_waiting_list_guest_rules.down,
    name: '20261207_191815_waiting_list_guest_rules',
  },
]
