"""The transparency export in the Open Contracting Data Standard 1.1 (OCDS).

Each public stage of a project (tender, award, contract, implementation, a cancellation) is a release:
`stages` says which outbox events are stages and how they are tagged, `facts` reads what releases need
in a fixed number of statements, `releases` maps those facts as they stood at a stage to the release,
`publication` stores each release when its transaction commits (and a correction when a later change
alters what the record shows), `feed` reads them back, and `records` compiles a project's releases.
"""

from zhongjie.domain.ocds import publication as publication  # registers the finisher that publishes
