-- CreateTable
CREATE TABLE "database_markers" (
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "database_markers_pkey" PRIMARY KEY ("name")
);

-- Written by seeding (the login role) only: flowgate_app gets no grant on it.
