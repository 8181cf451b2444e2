-- CreateTable
CREATE TABLE "database_markers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "database_markers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "database_markers_name_key" ON "database_markers"("name");

-- Written by seeding (the login role) only: flowgate_app gets no grant on it.
