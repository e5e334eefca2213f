"""What the training did: e1RM, volume per muscle, progress, and methods compared (issue 5).

Pure: the store hands in ``SetGroup`` rows (alike sets of one exercise in one workout), the
catalogue says which muscles each exercise loads, and these modules do the rest.
"""
