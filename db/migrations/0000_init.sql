CREATE TABLE "appointments" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"position_id" text NOT NULL,
	"level" text NOT NULL,
	"document_no" text NOT NULL,
	"notice_date" date NOT NULL,
	"decision_date" date NOT NULL,
	"talk_on" date,
	"talk_by" text,
	"issued_by" text NOT NULL,
	CONSTRAINT "appointments_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"batch_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"rejected" boolean DEFAULT false NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_batch_id_seq_pk" PRIMARY KEY("batch_id","seq")
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"org_unit" text NOT NULL,
	"stage" text NOT NULL,
	"workflow_id" text NOT NULL,
	"ruleset" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"cancel_reason" text,
	"waiting_for_calendar_year" integer,
	"waiting_for" text,
	"publicity_ends_at" timestamp with time zone,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "batches_workflow_id_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"document_ref" text,
	"source" text NOT NULL,
	"holidays" jsonb NOT NULL,
	"workdays" jsonb NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidates" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"name" text NOT NULL,
	"branch_id" text NOT NULL,
	"position_id" text NOT NULL,
	"state" text NOT NULL,
	"exit_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "candidates_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"batch_id" text NOT NULL,
	"meeting_id" text NOT NULL,
	"person_id" text NOT NULL,
	"outcome" text NOT NULL,
	"agree" integer NOT NULL,
	"disagree" integer NOT NULL,
	"defer" integer NOT NULL,
	"present" integer NOT NULL,
	"recused" jsonb NOT NULL,
	CONSTRAINT "decisions_batch_id_meeting_id_person_id_pk" PRIMARY KEY("batch_id","meeting_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"batch_id" text NOT NULL,
	"hold_id" text NOT NULL,
	"person_id" text,
	"reason" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"lifted_by" text,
	"lifted_at" timestamp with time zone,
	CONSTRAINT "holds_batch_id_hold_id_pk" PRIMARY KEY("batch_id","hold_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text NOT NULL,
	"actor_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"batch_id" text NOT NULL,
	"meeting_id" text NOT NULL,
	"held_on" date NOT NULL,
	"members" integer NOT NULL,
	"attendance" jsonb NOT NULL,
	"minutes_ref" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meetings_batch_id_meeting_id_pk" PRIMARY KEY("batch_id","meeting_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"person_id" text,
	"kind" text NOT NULL,
	"recipient_role" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"channel" text NOT NULL,
	"reporter_name" text,
	"reporter_contact" text,
	"content" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"registered_by" text,
	"status" text NOT NULL,
	"resolution" text,
	"resolution_note" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"feedback" text,
	"suspended_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"batch_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"org_unit" text NOT NULL,
	"level" text NOT NULL,
	"seats" integer NOT NULL,
	CONSTRAINT "positions_batch_id_id_pk" PRIMARY KEY("batch_id","id")
);
--> statement-breakpoint
CREATE TABLE "probations" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"outcome" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "probations_batch_id_person_id_pk" PRIMARY KEY("batch_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "publicity_windows" (
	"batch_id" text NOT NULL,
	"window_no" integer NOT NULL,
	"person_ids" jsonb NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"working_days" integer NOT NULL,
	"extended_by" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "publicity_windows_batch_id_window_no_pk" PRIMARY KEY("batch_id","window_no"),
	CONSTRAINT "min_five_days" CHECK ("publicity_windows"."working_days" >= 5)
);
--> statement-breakpoint
CREATE TABLE "vetting_checks" (
	"batch_id" text NOT NULL,
	"person_id" text NOT NULL,
	"kind" text NOT NULL,
	"signer" text NOT NULL,
	"result" text NOT NULL,
	"note" text,
	"reason" text,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vetting_checks_batch_id_person_id_kind_signer_pk" PRIMARY KEY("batch_id","person_id","kind","signer")
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"batch_id" text NOT NULL,
	"meeting_id" text NOT NULL,
	"person_id" text NOT NULL,
	"member_id" text NOT NULL,
	"vote" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "votes_batch_id_meeting_id_person_id_member_id_pk" PRIMARY KEY("batch_id","meeting_id","person_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batches_list_idx" ON "batches" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "batches_stage_idx" ON "batches" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "candidates_person_idx" ON "candidates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "notifications_batch_idx" ON "notifications" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "objections_batch_idx" ON "objections" USING btree ("batch_id","person_id");