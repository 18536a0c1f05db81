"""The transparency export in the Open Contracting Data Standard 1.1 (OCDS).

Each public stage of a project (tender, award, contract, implementation) is a release: `stages` says
which outbox events are stages and how they are tagged, `facts` reads what the releases of a page of
projects need in a fixed number of statements, and `releases` maps those facts as they stood at a
stage's moment to the release, so a release never changes once its stage has passed.
"""
