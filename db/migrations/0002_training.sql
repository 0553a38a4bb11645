CREATE TABLE "training_participants" (
	"session_id" text NOT NULL,
	"person_id" text NOT NULL,
	"test_passed" boolean,
	"test_score" numeric(4, 1),
	CONSTRAINT "training_participants_session_id_person_id_pk" PRIMARY KEY("session_id","person_id"),
	CONSTRAINT "training_participants_score" CHECK ("training_participants"."test_score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"organiser" text NOT NULL,
	"location" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"hours" numeric(6, 1) NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"teaching_quality_score" numeric(4, 1),
	"evaluation_note" text,
	"evaluated_by" text,
	"evaluated_at" timestamp with time zone,
	CONSTRAINT "training_sessions_dates" CHECK ("training_sessions"."ends_on" >= "training_sessions"."starts_on"),
	CONSTRAINT "training_sessions_hours" CHECK ("training_sessions"."hours" > 0),
	CONSTRAINT "training_sessions_score" CHECK ("training_sessions"."teaching_quality_score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "training_participants" ADD CONSTRAINT "training_participants_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_participants_person_idx" ON "training_participants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "training_sessions_list_idx" ON "training_sessions" USING btree ("starts_on","id");